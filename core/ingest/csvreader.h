#pragma once
// CsvReader reads RFC 4180 CSV (quoted fields with delimiters, quotes and line breaks inside; CRLF or LF;
// UTF-8 with or without BOM; delimiter , ; tab or | detected from the header line) in place on the input
// buffer: a record without quotes is split with memchr and never copied except into ParsedRow::raw.

#include "eventreader.h"
#include "inputbuffer.h"
#include "rowbuilder.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace Ingest {

class CsvReader final : public EventReader
{
public:
    CsvReader(std::unique_ptr<InputBuffer> input, const ReadOptions &options);

    // Reads the header and resolves the columns (MISSING_COLUMNS, DUPLICATE_COLUMNS, EMPTY_FILE, ...).
    Common::Status start();

    Common::Result<bool> next(ParsedRow &row) override;
    qint64 bytesRead() const override;
    qint64 totalBytes() const override { return m_in->totalBytes(); }
    Format format() const override { return Format::Csv; }
    QStringList columns() const override { return m_columns; }
    QJsonObject detection() const override;

    // For EventReader::fromDevice: the sampling read-ahead and the resolved formats.
    RowBuilder &rowBuilder() { return m_builder; }
    const FormatDetection &formats() const override { return m_builder.formats(); }

    char delimiter() const { return m_delimiter; }

private:
    enum class Scan { Record, NeedMore, Error };
    struct FieldRef
    {
        qsizetype offset; // into the input buffer, or into m_scratch
        qsizetype size;
        bool inScratch;
    };

    static constexpr qsizetype MaxColumns = 10000;

    Scan scanRecord();
    // Fields beyond the limit are counted but not stored: a record of 16 MiB of delimiters stays cheap.
    void pushField(qsizetype offset, qsizetype size, bool inScratch)
    {
        if (m_fieldCount < m_fieldLimit) {
            if (m_fieldCount == qsizetype(m_fields.size()))
                m_fields.resize(m_fields.size() * 2 + 16);
            m_fields[size_t(m_fieldCount)] = {offset, size, inScratch};
        }
        ++m_fieldCount;
    }
    Common::Result<bool> readRecord(); // false at the end of input
    Common::Error fail(Common::Error error);
    const char *fieldData(const FieldRef &f) const
    { return f.inScratch ? m_scratch.data() + f.offset : m_in->data() + f.offset; }
    bool recordIsBlank() const;
    char detectDelimiter() const;

    std::unique_ptr<InputBuffer> m_in;
    RowBuilder m_builder;
    char m_delimiter = ',';
    bool m_delimiterDetected = false;
    bool m_bom = false;
    QStringList m_columns;
    std::vector<Role> m_columnRole;
    std::array<int, RoleCount> m_roleColumn{};
    std::array<QString, RoleCount> m_roleNames;
    std::vector<int> m_attributeColumns;
    std::vector<QByteArray> m_attributeKeys; // `"name":` already escaped
    QStringList m_warnings;

    // The record just scanned: [m_recordStart, m_rawEnd) without the line ending, next one at m_recordNext.
    std::vector<FieldRef> m_fields;
    qsizetype m_fieldCount = 0;
    qsizetype m_fieldLimit = MaxColumns + 1; // the header's column count + 1 once it is known
    std::string m_scratch;
    qsizetype m_recordStart = 0;
    qsizetype m_rawEnd = 0;
    qsizetype m_recordNext = 0;
    bool m_quotedPath = false;
    qsizetype m_openQuote = -1; // where the quote of an unfinished quoted field opened
    qint64 m_line = 1;          // line of the next record
    qint64 m_recordLine = 1;
    std::optional<Common::Error> m_error;
    bool m_finished = false;
    qint64 m_rows = 0;
    qint64 m_invalidRows = 0;
};

} // namespace Ingest
