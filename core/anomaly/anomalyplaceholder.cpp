namespace Placeholder { int anomalyPlaceholder() { return 0; } }
