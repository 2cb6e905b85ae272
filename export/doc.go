// Package export writes search hits in file formats for other programs:
// CSV (with a UTF-8 byte order mark, so that Excel reads Chinese text
// right), TSV and JSON Lines, one hit a row. Offsets in the JSON are bytes
// into a hit's text, as in query.Hit.
package export
