#include "csvreader.h"

#include <QJsonArray>
#include <QSet>
#include <QtAlgorithms>

#include <cstring>

namespace Ingest {

namespace {

qint64 countNewlines(const char *b, const char *e)
{
    qint64 n = 0;
    while (b < e) {
        const void *hit = std::memchr(b, '\n', size_t(e - b));
        if (!hit)
            break;
        ++n;
        b = static_cast<const char *>(hit) + 1;
    }
    return n;
}

QString delimiterName(char d)
{
    switch (d) {
    case '\t': return QStringLiteral("tab");
    case ';': return QStringLiteral("semicolon");
    case '|': return QStringLiteral("pipe");
    default: return QStringLiteral("comma");
    }
}

} // namespace

CsvReader::CsvReader(std::unique_ptr<InputBuffer> input, const ReadOptions &options)
    : m_in(std::move(input)), m_builder(options)
{
    m_roleColumn.fill(-1);
}

Common::Error CsvReader::fail(Common::Error error)
{
    m_error = error;
    return error;
}

qint64 CsvReader::bytesRead() const
{
    if (m_in->compressed())
        return m_in->rawBytesRead();
    return std::min<qint64>(m_in->absoluteOffset(m_in->pos()), m_in->rawBytesRead());
}

char CsvReader::detectDelimiter() const
{
    // Count the candidates outside quotes on the header line; the most frequent wins, ties in the order , ; tab |.
    static constexpr char candidates[] = {',', ';', '\t', '|'};
    qsizetype counts[4] = {0, 0, 0, 0};
    bool quoted = false;
    for (qsizetype i = m_in->pos(); i < m_in->size(); ++i) {
        const char c = m_in->data()[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (c == '\n')
                break;
            for (int k = 0; k < 4; ++k)
                counts[k] += c == candidates[k];
        }
    }
    int best = 0;
    for (int k = 1; k < 4; ++k) {
        if (counts[k] > counts[best])
            best = k;
    }
    return candidates[best];
}

CsvReader::Scan CsvReader::scanRecord()
{
    m_fieldCount = 0;
    m_scratch.clear();
    m_openQuote = -1;
    const bool atEof = m_in->atEnd();
    const char *const buf = m_in->data();
    const char *const b = buf + m_in->pos();
    const char *const e = buf + m_in->size();
    const char d = m_delimiter;
    m_recordStart = b - buf;
    m_quotedPath = false;

    // Fast path: one pass over the line that splits at the delimiter, until a line feed; a quote sends the
    // record to the RFC 4180 path below.
    {
        const char *p = b;
        const char *fieldStart = b;
        constexpr quint64 ones = 0x0101010101010101ULL;
        constexpr quint64 highs = 0x8080808080808080ULL;
        const quint64 dd = ones * uchar(d);
        for (;;) {
            // Eight bytes at a time: the lowest flagged byte of (x - 1) & ~x & 0x80 is exactly the first zero.
            while (e - p >= 8) {
                quint64 w;
                std::memcpy(&w, p, 8);
                const quint64 a = w ^ dd;
                const quint64 n = w ^ (ones * '\n');
                const quint64 q = w ^ (ones * '"');
                const quint64 hit = (((a - ones) & ~a) | ((n - ones) & ~n) | ((q - ones) & ~q)) & highs;
                if (hit) {
                    p += qCountTrailingZeroBits(hit) >> 3;
                    break;
                }
                p += 8;
            }
            while (p < e && *p != d && *p != '\n' && *p != '"')
                ++p;
            if (p == e) {
                if (!atEof)
                    return Scan::NeedMore;
                pushField(fieldStart - buf, p - fieldStart, false);
                m_rawEnd = p - buf;
                m_recordNext = p - buf;
                return Scan::Record;
            }
            const char c = *p;
            if (c == d) {
                pushField(fieldStart - buf, p - fieldStart, false);
                fieldStart = ++p;
                continue;
            }
            if (c == '\n') {
                const char *rawEnd = p;
                if (rawEnd > fieldStart && rawEnd[-1] == '\r')
                    --rawEnd;
                pushField(fieldStart - buf, rawEnd - fieldStart, false);
                m_rawEnd = rawEnd - buf;
                m_recordNext = (p + 1) - buf;
                return Scan::Record;
            }
            break; // a quote
        }
        m_fieldCount = 0;
    }

    // RFC 4180 path: quoted fields may hold delimiters, doubled quotes and line breaks.
    m_quotedPath = true;
    const char *p = b;
    for (;;) {
        if (p < e && *p == '"') {
            const char *open = p;
            const char *seg = p + 1;
            const char *j = seg;
            bool useScratch = false;
            const qsizetype scratchStart = qsizetype(m_scratch.size());
            for (;;) {
                const char *q = static_cast<const char *>(std::memchr(j, '"', size_t(e - j)));
                if (!q || (q + 1 == e && !atEof)) {
                    m_openQuote = open - buf;
                    return atEof ? Scan::Error : Scan::NeedMore;
                }
                if (q + 1 < e && q[1] == '"') {
                    useScratch = true;
                    m_scratch.append(seg, size_t(q + 1 - seg));
                    j = seg = q + 2;
                    continue;
                }
                if (useScratch) {
                    m_scratch.append(seg, size_t(q - seg));
                    pushField(scratchStart, qsizetype(m_scratch.size()) - scratchStart, true);
                } else {
                    pushField((open + 1) - buf, q - (open + 1), false);
                }
                p = q + 1;
                break;
            }
            // Text between the closing quote and the delimiter is kept (lenient, as most tools are).
            const char *t = p;
            while (t < e && *t != d && *t != '\n')
                ++t;
            if (t == e && !atEof)
                return Scan::NeedMore;
            const char *tailEnd = t;
            if (t < e && *t == '\n' && tailEnd > p && tailEnd[-1] == '\r')
                --tailEnd;
            if (tailEnd > p && m_fieldCount <= m_fieldLimit) {
                FieldRef &f = m_fields[size_t(m_fieldCount - 1)];
                if (!f.inScratch) {
                    const qsizetype off = qsizetype(m_scratch.size());
                    m_scratch.append(buf + f.offset, size_t(f.size));
                    f = {off, f.size, true};
                }
                m_scratch.append(p, size_t(tailEnd - p));
                f.size += tailEnd - p;
            }
            p = t;
        } else {
            const char *t = p;
            while (t < e && *t != d && *t != '\n')
                ++t;
            if (t == e && !atEof)
                return Scan::NeedMore;
            const char *fieldEnd = t;
            if (t < e && *t == '\n' && fieldEnd > p && fieldEnd[-1] == '\r')
                --fieldEnd;
            pushField(p - buf, fieldEnd - p, false);
            p = t;
        }
        if (p == e) {
            m_rawEnd = e - buf;
            m_recordNext = e - buf;
            return Scan::Record;
        }
        if (*p == d) {
            ++p;
            continue;
        }
        // *p == '\n'
        const char *rawEnd = p;
        if (rawEnd > b && rawEnd[-1] == '\r')
            --rawEnd;
        m_rawEnd = rawEnd - buf;
        m_recordNext = (p + 1) - buf;
        return Scan::Record;
    }
}

Common::Result<bool> CsvReader::readRecord()
{
    for (;;) {
        if (m_in->available() == 0) {
            auto more = m_in->fill();
            if (!more)
                return fail(more.error());
            if (!*more)
                return false;
        }
        const Scan s = scanRecord();
        if (s == Scan::Record) {
            m_recordLine = m_line;
            const char *buf = m_in->data();
            m_line += 1;
            if (m_quotedPath) // line breaks inside quoted fields
                m_line += countNewlines(buf + m_recordStart, buf + m_rawEnd);
            return true;
        }
        const qint64 quoteLine = m_openQuote >= 0
            ? m_line + countNewlines(m_in->data() + m_in->pos(), m_in->data() + m_openQuote)
            : m_line;
        if (s == Scan::Error) {
            return fail(Common::Error::badInput(
                QStringLiteral("CSV_UNBALANCED_QUOTE"),
                QStringLiteral("%1: the quote opened at line %2 is never closed.").arg(m_in->displayName()).arg(quoteLine),
                QJsonObject{{QStringLiteral("line"), quoteLine}}));
        }
        // NeedMore
        if (m_in->available() > m_builder.options().maxRecordBytes) {
            const qint64 mib = m_builder.options().maxRecordBytes / (1024 * 1024);
            QString message = QStringLiteral("%1: the record starting at line %2 is longer than %3 MiB")
                                  .arg(m_in->displayName()).arg(m_line).arg(mib);
            if (m_openQuote >= 0)
                message += QStringLiteral(" (is the quote opened at line %1 closed?)").arg(quoteLine);
            message += QLatin1Char('.');
            return fail(Common::Error::badInput(QStringLiteral("RECORD_TOO_LARGE"), message,
                                                QJsonObject{{QStringLiteral("line"), m_line},
                                                            {QStringLiteral("limitBytes"), m_builder.options().maxRecordBytes}}));
        }
        auto more = m_in->fill();
        if (!more)
            return fail(more.error());
        // At the end of input, scanRecord() takes what is left as the last record.
    }
}

bool CsvReader::recordIsBlank() const
{
    if (m_fieldCount != 1 || m_fields[0].inScratch)
        return false;
    if (m_rawEnd - m_recordStart == 0)
        return true;
    const char *p = m_in->data() + m_recordStart;
    for (qsizetype i = 0; i < m_rawEnd - m_recordStart; ++i) {
        if (p[i] != ' ' && p[i] != '\t')
            return false;
    }
    return true;
}

Common::Status CsvReader::start()
{
    if (m_in->available() >= 3 && std::memcmp(m_in->data() + m_in->pos(), "\xEF\xBB\xBF", 3) == 0) {
        m_bom = true;
        m_in->setPos(m_in->pos() + 3);
    }
    const ReadOptions &options = m_builder.options();
    const char given = options.delimiter;
    if (given == '"' || given == '\n' || given == '\r' || uchar(given) >= 0x80) {
        return fail(Common::Error::badInput(QStringLiteral("INVALID_DELIMITER"),
                                            QStringLiteral("A quote, a line break or a non-ASCII byte cannot be the CSV delimiter.")));
    }
    // Skip blank lines before the header.
    for (;;) {
        if (m_in->available() == 0 && m_in->atEnd()) {
            return fail(Common::Error::badInput(QStringLiteral("EMPTY_FILE"),
                                                QStringLiteral("%1 is empty.").arg(m_in->displayName())));
        }
        if (options.delimiter != 0) {
            m_delimiter = options.delimiter;
        } else {
            m_delimiter = detectDelimiter();
            m_delimiterDetected = true;
        }
        auto got = readRecord();
        if (!got)
            return got.error();
        if (!*got) {
            return fail(Common::Error::badInput(QStringLiteral("EMPTY_FILE"),
                                                QStringLiteral("%1 is empty.").arg(m_in->displayName())));
        }
        if (!recordIsBlank())
            break;
        m_in->setPos(m_recordNext);
    }

    // Header.
    const char *rawStart = m_in->data() + m_recordStart;
    if (!RowBuilder::isValidUtf8(rawStart, m_rawEnd - m_recordStart)) {
        return fail(Common::Error::badInput(
            QStringLiteral("CSV_DECODE_ERROR"),
            QStringLiteral("%1: the header line is not valid UTF-8 (save the file as UTF-8).").arg(m_in->displayName())));
    }
    QSet<QString> lower;
    QJsonArray duplicates;
    if (m_fieldCount > MaxColumns) {
        return fail(Common::Error::badInput(
            QStringLiteral("TOO_MANY_COLUMNS"),
            QStringLiteral("%1: the header has %2 columns; at most %3 are supported.").arg(m_in->displayName()).arg(m_fieldCount).arg(MaxColumns)));
    }
    for (qsizetype i = 0; i < m_fieldCount; ++i) {
        QString name = QString::fromUtf8(fieldData(m_fields[i]), m_fields[i].size).trimmed();
        if (name.isEmpty())
            name = QStringLiteral("column_%1").arg(i + 1);
        const QString key = name.toLower();
        if (lower.contains(key)) {
            if (!duplicates.contains(name))
                duplicates.append(name);
        } else {
            lower.insert(key);
        }
        m_columns.append(name);
    }
    m_in->setPos(m_recordNext);
    m_fieldLimit = m_columns.size() + 1;
    if (!duplicates.isEmpty()) {
        QStringList names;
        for (const auto &v : std::as_const(duplicates))
            names.append(v.toString());
        return fail(Common::Error::badInput(
            QStringLiteral("DUPLICATE_COLUMNS"),
            QStringLiteral("%1: the header names a column more than once: %2. Column names must be unique (case is ignored).")
                .arg(m_in->displayName(), names.join(QStringLiteral(", "))),
            QJsonObject{{QStringLiteral("duplicates"), duplicates},
                        {QStringLiteral("present"), QJsonArray::fromStringList(m_columns)}}));
    }

    // Resolve roles: the lowest rank per role wins, everything else is an attribute.
    std::array<int, RoleCount> rank;
    rank.fill(INT_MAX);
    m_columnRole.assign(size_t(m_columns.size()), Role::Attribute);
    for (int i = 0; i < m_columns.size(); ++i) {
        const RoleMatch m = m_builder.match(m_columns[i]);
        if (m.role == Role::Attribute)
            continue;
        const int r = int(m.role);
        if (m.rank < rank[r]) {
            if (m_roleColumn[r] >= 0) {
                m_warnings.append(QStringLiteral("Columns \"%1\" and \"%2\" both look like %3; \"%2\" was used.")
                                      .arg(m_columns[m_roleColumn[r]], m_columns[i], RowBuilder::roleName(m.role)));
                m_columnRole[size_t(m_roleColumn[r])] = Role::Attribute;
            }
            rank[r] = m.rank;
            m_roleColumn[r] = i;
            m_columnRole[size_t(i)] = m.role;
        } else {
            m_warnings.append(QStringLiteral("Columns \"%1\" and \"%2\" both look like %3; \"%1\" was used.")
                                  .arg(m_columns[m_roleColumn[r]], m_columns[i], RowBuilder::roleName(m.role)));
        }
    }
    QStringList missing;
    for (Role role : {Role::Timestamp, Role::Value}) {
        if (m_roleColumn[int(role)] < 0) {
            const QString &explicitName = int(role) == 0 ? options.mapping.timestamp : options.mapping.value;
            missing.append(explicitName.isEmpty() ? RowBuilder::roleName(role) : explicitName);
        }
    }
    for (const QString *explicitName : {&options.mapping.metric, &options.mapping.userId, &options.mapping.eventId,
                                        &options.mapping.source}) {
        if (explicitName->isEmpty())
            continue;
        bool found = false;
        for (const QString &c : std::as_const(m_columns))
            found = found || c.compare(explicitName->trimmed(), Qt::CaseInsensitive) == 0;
        if (!found)
            missing.append(*explicitName);
    }
    if (!missing.isEmpty()) {
        return fail(Common::Error::badInput(
            QStringLiteral("MISSING_COLUMNS"),
            QStringLiteral("%1: missing column(s) %2. The file has: %3.")
                .arg(m_in->displayName(), missing.join(QStringLiteral(", ")), m_columns.join(QStringLiteral(", "))),
            QJsonObject{{QStringLiteral("present"), QJsonArray::fromStringList(m_columns)},
                        {QStringLiteral("missing"), QJsonArray::fromStringList(missing)}}));
    }
    for (int r = 0; r < RoleCount; ++r)
        m_roleNames[r] = m_roleColumn[r] >= 0 ? m_columns[m_roleColumn[r]] : RowBuilder::roleName(Role(r));
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columnRole[size_t(i)] != Role::Attribute)
            continue;
        m_attributeColumns.push_back(i);
        QByteArray key;
        const QByteArray utf8 = m_columns[i].toUtf8();
        RowBuilder::appendJsonString(key, utf8.constData(), utf8.size());
        key.append(':');
        m_attributeKeys.push_back(key);
    }
    return {};
}

Common::Result<bool> CsvReader::next(ParsedRow &row)
{
    if (m_error)
        return *m_error;
    if (m_finished)
        return false;
    for (;;) {
        auto got = readRecord();
        if (!got)
            return got.error();
        if (!*got) {
            m_finished = true;
            return false;
        }
        if (!recordIsBlank())
            break;
        m_in->setPos(m_recordNext);
    }
    const char *buf = m_in->data();
    const char *raw = buf + m_recordStart;
    const qsizetype rawSize = m_rawEnd - m_recordStart;
    m_builder.reset(row);
    row.line = m_recordLine;
    row.raw.resize(rawSize);
    std::memcpy(row.raw.data(), raw, size_t(rawSize));
    ++m_rows;
    m_in->noteRow();

    const qsizetype columnCount = m_columns.size();
    if (m_fieldCount != columnCount) {
        m_builder.clearTexts(row);
        RowBuilder::reject(row, QString(), RejectReason::FieldCountMismatch,
                           QStringLiteral("%1 fields, expected %2").arg(m_fieldCount).arg(columnCount));
        ++m_invalidRows;
        m_in->setPos(m_recordNext);
        return true;
    }
    const bool ascii = RowBuilder::isAscii(raw, rawSize) && RowBuilder::isAscii(m_scratch.data(), qsizetype(m_scratch.size()));
    if (!ascii) {
        for (qsizetype i = 0; i < columnCount; ++i) {
            const FieldRef &f = m_fields[size_t(i)];
            if (!RowBuilder::isValidUtf8(fieldData(f), f.size)) {
                m_builder.clearTexts(row);
                RowBuilder::reject(row, m_columns[i], RejectReason::InvalidUtf8, fieldData(f), f.size);
                ++m_invalidRows;
                m_in->setPos(m_recordNext);
                return true;
            }
        }
    }
    RowBuilder::Fields fields;
    for (int r = 0; r < RoleCount; ++r) {
        const int c = m_roleColumn[r];
        if (c < 0)
            continue;
        const FieldRef &f = m_fields[size_t(c)];
        fields[r] = {RowBuilder::Kind::Text, fieldData(f), f.size, ascii};
    }
    if (m_builder.apply(row, fields, m_roleNames)) {
        if (!m_attributeColumns.empty()) {
            QByteArray &json = row.attributesJson;
            json.append('{');
            for (size_t k = 0; k < m_attributeColumns.size(); ++k) {
                if (k)
                    json.append(',');
                json.append(m_attributeKeys[k]);
                const FieldRef &f = m_fields[size_t(m_attributeColumns[k])];
                RowBuilder::appendJsonString(json, fieldData(f), f.size);
            }
            json.append('}');
        }
    } else {
        ++m_invalidRows;
    }
    m_in->setPos(m_recordNext);
    return true;
}

QJsonObject CsvReader::detection() const
{
    QJsonObject d;
    d.insert(QStringLiteral("format"), QStringLiteral("csv"));
    d.insert(QStringLiteral("delimiter"), QString(QLatin1Char(m_delimiter)));
    d.insert(QStringLiteral("delimiterName"), delimiterName(m_delimiter));
    d.insert(QStringLiteral("delimiterDetected"), m_delimiterDetected);
    d.insert(QStringLiteral("bom"), m_bom);
    d.insert(QStringLiteral("columns"), QJsonArray::fromStringList(m_columns));
    QJsonObject mapping;
    for (int r = 0; r < RoleCount; ++r) {
        if (m_roleColumn[r] >= 0)
            mapping.insert(RowBuilder::roleName(Role(r)), m_columns[m_roleColumn[r]]);
    }
    d.insert(QStringLiteral("mapping"), mapping);
    QJsonArray attributes;
    for (int c : m_attributeColumns)
        attributes.append(m_columns[c]);
    d.insert(QStringLiteral("attributes"), attributes);
    d.insert(QStringLiteral("headerOnly"), m_finished && m_rows == 0 && !m_columns.isEmpty());
    QStringList warnings = m_warnings;
    if (m_finished && m_rows == 0 && !m_columns.isEmpty())
        warnings.append(QStringLiteral("The file has a header but no rows."));
    m_builder.describe(d, warnings);
    d.insert(QStringLiteral("rows"), m_rows);
    d.insert(QStringLiteral("invalidRows"), m_invalidRows);
    d.insert(QStringLiteral("finished"), m_finished);
    d.insert(QStringLiteral("compressed"), m_in->compressed());
    d.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return d;
}

} // namespace Ingest
