namespace Placeholder { int ingestPlaceholder() { return 0; } }
