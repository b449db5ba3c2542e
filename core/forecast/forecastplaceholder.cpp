namespace Placeholder { int forecastPlaceholder() { return 0; } }
