#include "jsonreader.h"

#include <QJsonArray>

#include <cstring>

namespace Ingest {

namespace {

inline bool isWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, uint cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

JsonReader::JsonReader(std::unique_ptr<InputBuffer> input, const ReadOptions &options, Format declared)
    : m_in(std::move(input)), m_builder(options), m_declared(declared)
{
}

Common::Error JsonReader::fail(Common::Error error)
{
    m_error = error;
    return error;
}

qint64 JsonReader::bytesRead() const
{
    if (m_in->compressed())
        return m_in->rawBytesRead();
    return std::min<qint64>(m_in->absoluteOffset(m_in->pos()), m_in->rawBytesRead());
}

QStringList JsonReader::columns() const
{
    QStringList names;
    names.reserve(qsizetype(m_keys.size()));
    for (const KeyInfo &k : m_keys)
        names.append(k.name);
    return names;
}

// ---- parser -------------------------------------------------------------------------------------------

JsonReader::Parse JsonReader::endOfInput(const char *p)
{
    if (!m_hardEnd)
        return Parse::NeedMore;
    return syntaxError(p, "unexpected end of input");
}

JsonReader::Parse JsonReader::syntaxError(const char *p, const char *message)
{
    m_errorAt = p;
    m_errorMessage = message;
    return Parse::Error;
}

JsonReader::Parse JsonReader::skipWs(const char *&p)
{
    while (p < m_end && isWs(*p))
        ++p;
    return p < m_end ? Parse::Ok : endOfInput(p);
}

JsonReader::Parse JsonReader::parseString(const char *&p, bool &escaped, bool &badUtf8, bool &nonAscii)
{
    const char *start = p + 1;
    const char *s = start;
    for (;;) {
        // Plain characters in bulk, eight at a time: stop at a word holding '"', '\\', a control
        // character or a byte >= 0x80 and let the byte loop below deal with it.
        while (m_end - s >= 8) {
            quint64 w;
            std::memcpy(&w, s, 8);
            constexpr quint64 ones = 0x0101010101010101ULL;
            constexpr quint64 highs = 0x8080808080808080ULL;
            const quint64 quote = w ^ (ones * '"');
            const quint64 backslash = w ^ (ones * '\\');
            const quint64 special = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)
                | ((w - ones * 0x20) & ~w) | w;
            if (special & highs)
                break;
            s += 8;
        }
        while (s < m_end && uchar(*s) >= 0x20 && *s != '"' && *s != '\\') {
            nonAscii |= uchar(*s) >= 0x80;
            ++s;
        }
        if (s >= m_end)
            return endOfInput(s);
        const char c = *s;
        if (c == '"') {
            if (nonAscii && !RowBuilder::isValidUtf8(start, s - start))
                badUtf8 = true;
            p = s + 1;
            return Parse::Ok;
        }
        if (c == '\\') {
            escaped = true;
            if (s + 1 >= m_end)
                return endOfInput(s + 1);
            switch (s[1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                s += 2;
                break;
            case 'u':
                for (int k = 2; k < 6; ++k) {
                    if (s + k >= m_end)
                        return endOfInput(s + k);
                    if (hexValue(s[k]) < 0)
                        return syntaxError(s + k, "invalid \\u escape in a string");
                }
                s += 6;
                break;
            default:
                return syntaxError(s, "invalid escape in a string");
            }
            continue;
        }
        return syntaxError(s, "control character in a string (line breaks must be written as \\n)");
    }
}

JsonReader::Parse JsonReader::parseNumber(const char *&p)
{
    const char *s = p;
    if (*s == '-') {
        ++s;
        if (s >= m_end)
            return endOfInput(s);
    }
    if (*s == '0') {
        ++s;
    } else if (isDigit(*s)) {
        while (s < m_end && isDigit(*s))
            ++s;
    } else {
        return syntaxError(s, "invalid number");
    }
    if (s < m_end && *s == '.') {
        ++s;
        if (s >= m_end)
            return endOfInput(s);
        if (!isDigit(*s))
            return syntaxError(s, "invalid number");
        while (s < m_end && isDigit(*s))
            ++s;
    }
    if (s < m_end && (*s == 'e' || *s == 'E')) {
        ++s;
        if (s < m_end && (*s == '+' || *s == '-'))
            ++s;
        if (s >= m_end)
            return endOfInput(s);
        if (!isDigit(*s))
            return syntaxError(s, "invalid number");
        while (s < m_end && isDigit(*s))
            ++s;
    }
    // A number at the very end of the window may continue in the next chunk.
    if (s >= m_end && !m_hardEnd)
        return Parse::NeedMore;
    p = s;
    return Parse::Ok;
}

JsonReader::Parse JsonReader::parseLiteral(const char *&p, const char *word, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        if (p + i >= m_end)
            return endOfInput(p + i);
        if (p[i] != word[i])
            return syntaxError(p, "invalid literal (expected true, false or null)");
    }
    p += size;
    return Parse::Ok;
}

JsonReader::Parse JsonReader::parseArray(const char *&p, int depth)
{
    if (depth > m_builder.options().maxNestingDepth) {
        m_tooDeep = true;
        return syntaxError(p, "nesting too deep");
    }
    ++p;
    Parse r = skipWs(p);
    if (r != Parse::Ok)
        return r;
    if (*p == ']') {
        ++p;
        return Parse::Ok;
    }
    for (;;) {
        r = parseValue(p, depth, false);
        if (r != Parse::Ok)
            return r;
        r = skipWs(p);
        if (r != Parse::Ok)
            return r;
        if (*p == ',') {
            ++p;
            r = skipWs(p);
            if (r != Parse::Ok)
                return r;
            continue;
        }
        if (*p == ']') {
            ++p;
            return Parse::Ok;
        }
        return syntaxError(p, "expected ',' or ']'");
    }
}

JsonReader::Parse JsonReader::parseObject(const char *&p, int depth, bool collect)
{
    if (depth > m_builder.options().maxNestingDepth) {
        m_tooDeep = true;
        return syntaxError(p, "nesting too deep");
    }
    ++p;
    Parse r = skipWs(p);
    if (r != Parse::Ok)
        return r;
    if (*p == '}') {
        ++p;
        return Parse::Ok;
    }
    for (;;) {
        if (*p != '"')
            return syntaxError(p, "expected a field name in double quotes");
        Member m{};
        m.key = p;
        m.keyIndex = -1;
        // Objects of one file usually repeat their keys in the same order: when the key at this position
        // is the one seen there before, it needs neither scanning nor a lookup.
        const size_t position = m_members.size();
        if (collect && position < m_keys.size() && m_keys[position].plain) {
            const std::string &known = m_keys[position].bytes;
            const qsizetype n = qsizetype(known.size());
            if (m_end - p > n + 1 && p[n + 1] == '"' && std::memcmp(p + 1, known.data(), size_t(n)) == 0) {
                m.keyIndex = int(position);
                p += n + 2;
            }
        }
        if (m.keyIndex < 0) {
            bool keyNonAscii = false;
            r = parseString(p, m.keyEscaped, m.badUtf8, keyNonAscii);
            if (r != Parse::Ok)
                return r;
            m_nestedBadUtf8 |= m.badUtf8 && !collect;
        }
        m.keySize = p - m.key;
        r = skipWs(p);
        if (r != Parse::Ok)
            return r;
        if (*p != ':')
            return syntaxError(p, "expected ':' after the field name");
        ++p;
        r = skipWs(p);
        if (r != Parse::Ok)
            return r;
        m.value = p;
        switch (*p) {
        case '"': m.kind = ValueKind::String; break;
        case '{': m.kind = ValueKind::Object; break;
        case '[': m.kind = ValueKind::Array; break;
        case 't': m.kind = ValueKind::True; break;
        case 'f': m.kind = ValueKind::False; break;
        case 'n': m.kind = ValueKind::Null; break;
        default: m.kind = ValueKind::Number; break;
        }
        if (collect && m.kind == ValueKind::String) {
            r = parseString(p, m.valueEscaped, m.badUtf8, m.nonAscii);
        } else {
            // A nested string that is not UTF-8 would make the member's attribute text invalid JSON.
            if (collect)
                m_nestedBadUtf8 = false;
            r = parseValue(p, depth, false);
            if (collect)
                m.badUtf8 = m.badUtf8 || m_nestedBadUtf8;
        }
        if (r != Parse::Ok)
            return r;
        m.valueSize = p - m.value;
        if (collect)
            m_members.push_back(m);
        r = skipWs(p);
        if (r != Parse::Ok)
            return r;
        if (*p == ',') {
            ++p;
            r = skipWs(p);
            if (r != Parse::Ok)
                return r;
            continue;
        }
        if (*p == '}') {
            ++p;
            return Parse::Ok;
        }
        return syntaxError(p, "expected ',' or '}'");
    }
}

JsonReader::Parse JsonReader::parseValue(const char *&p, int depth, bool collect)
{
    switch (*p) {
    case '{':
        return parseObject(p, depth + 1, collect);
    case '[':
        return parseArray(p, depth + 1);
    case '"': {
        bool escaped = false, bad = false, nonAscii = false;
        const Parse r = parseString(p, escaped, bad, nonAscii);
        m_nestedBadUtf8 |= bad;
        return r;
    }
    case 't':
        return parseLiteral(p, "true", 4);
    case 'f':
        return parseLiteral(p, "false", 5);
    case 'n':
        return parseLiteral(p, "null", 4);
    default:
        if (*p == '-' || isDigit(*p))
            return parseNumber(p);
        return syntaxError(p, "unexpected character");
    }
}

// ---- positions and errors -----------------------------------------------------------------------------

void JsonReader::advanceTo(qsizetype index)
{
    const char *b = m_in->data() + m_in->pos();
    const char *e = m_in->data() + index;
    while (b < e) {
        const void *hit = std::memchr(b, '\n', size_t(e - b));
        if (!hit)
            break;
        const char *nl = static_cast<const char *>(hit);
        ++m_line;
        m_lineStartAbs = m_in->absoluteOffset(nl - m_in->data()) + 1;
        b = nl + 1;
    }
    m_in->setPos(index);
}

void JsonReader::lineColumnAt(const char *p, qint64 &line, qint64 &column) const
{
    line = m_line;
    qint64 lineStart = m_lineStartAbs;
    const char *b = m_in->data() + m_in->pos();
    while (b < p) {
        const void *hit = std::memchr(b, '\n', size_t(p - b));
        if (!hit)
            break;
        const char *nl = static_cast<const char *>(hit);
        ++line;
        lineStart = m_in->absoluteOffset(nl - m_in->data()) + 1;
        b = nl + 1;
    }
    column = m_in->absoluteOffset(p - m_in->data()) - lineStart + 1;
}

Common::Error JsonReader::fileError(const char *p, const QString &code, const QString &message)
{
    qint64 line = 0, column = 0;
    lineColumnAt(p, line, column);
    const qint64 byte = m_in->absoluteOffset(p - m_in->data());
    return fail(Common::Error::badInput(
        code,
        QStringLiteral("%1: %2 at line %3, column %4 (byte %5).").arg(m_in->displayName(), message).arg(line).arg(column).arg(byte),
        QJsonObject{{QStringLiteral("line"), line}, {QStringLiteral("column"), column}, {QStringLiteral("byte"), byte}}));
}

Common::Result<bool> JsonReader::refillOrFail(qint64 recordLine)
{
    if (m_in->available() > m_builder.options().maxRecordBytes) {
        const qint64 limit = m_builder.options().maxRecordBytes;
        return fail(Common::Error::badInput(
            QStringLiteral("RECORD_TOO_LARGE"),
            QStringLiteral("%1: the record starting at line %2 is longer than %3 MiB.")
                .arg(m_in->displayName()).arg(recordLine).arg(limit / (1024 * 1024)),
            QJsonObject{{QStringLiteral("line"), recordLine}, {QStringLiteral("limitBytes"), limit}}));
    }
    auto more = m_in->fill();
    if (!more)
        return fail(more.error());
    return *more;
}

Common::Result<bool> JsonReader::skipWsStream()
{
    for (;;) {
        const char *b = m_in->data() + m_in->pos();
        const char *e = m_in->data() + m_in->size();
        const char *p = b;
        while (p < e && isWs(*p))
            ++p;
        advanceTo(p - m_in->data());
        if (p < e)
            return true;
        auto more = m_in->fill();
        if (!more)
            return fail(more.error());
        if (!*more)
            return false;
    }
}

// ---- start ------------------------------------------------------------------------------------------

Common::Status JsonReader::start()
{
    const char *d = m_in->data() + m_in->pos();
    const qsizetype avail = m_in->available();
    if (avail >= 3 && std::memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
        m_bom = true;
        m_in->setPos(m_in->pos() + 3);
        m_lineStartAbs = 3;
    } else if (avail >= 2 && ((uchar(d[0]) == 0xFF && uchar(d[1]) == 0xFE) || (uchar(d[0]) == 0xFE && uchar(d[1]) == 0xFF))) {
        return fail(Common::Error::badInput(QStringLiteral("UNSUPPORTED_ENCODING"),
                                            QStringLiteral("%1 is UTF-16; save it as UTF-8.").arg(m_in->displayName())));
    }
    auto any = skipWsStream();
    if (!any)
        return any.error();
    if (!*any) {
        return fail(Common::Error::badInput(QStringLiteral("EMPTY_FILE"),
                                            QStringLiteral("%1 is empty.").arg(m_in->displayName())));
    }
    const char *p = m_in->data() + m_in->pos();
    if (*p == '[') {
        m_mode = Mode::Array;
        m_stage = Stage::ArrayFirst;
        advanceTo(m_in->pos() + 1);
        return {};
    }
    if (m_declared == Format::Ndjson) {
        m_mode = Mode::Lines;
        m_stage = Stage::Lines;
        return {};
    }
    if (*p != '{') {
        return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"),
                         QStringLiteral("expected a JSON array '[' or object '{'"));
    }
    // NDJSON when the first line is one complete object and another line follows it.
    m_mode = Mode::Objects;
    m_stage = Stage::Objects;
    const char *e = m_in->data() + m_in->size();
    const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(e - p)));
    if (nl) {
        m_end = nl;
        m_hardEnd = true;
        m_members.clear();
        m_tooDeep = false;
        const char *q = p;
        if (parseObject(q, 1, false) == Parse::Ok) {
            while (q < nl && isWs(*q))
                ++q;
            const char *after = nl + 1;
            while (after < e && isWs(*after))
                ++after;
            if (q == nl && (after == e ? !m_in->atEnd() : *after == '{')) {
                m_mode = Mode::Lines;
                m_stage = Stage::Lines;
            }
        }
        m_members.clear();
        m_tooDeep = false;
    } else if (m_declared == Format::Ndjson) {
        m_mode = Mode::Lines;
        m_stage = Stage::Lines;
    }
    return {};
}

// ---- records ----------------------------------------------------------------------------------------

Common::Result<bool> JsonReader::next(ParsedRow &row)
{
    if (m_error)
        return *m_error;
    if (m_finished)
        return false;
    auto r = m_mode == Mode::Lines ? nextInLines(row) : nextInStream(row);
    if (r && !*r)
        m_finished = true;
    if (r && *r) {
        ++m_rows;
        m_in->noteRow();
        if (!row.valid)
            ++m_invalidRows;
    }
    return r;
}

Common::Result<bool> JsonReader::nextInLines(ParsedRow &row)
{
    for (;;) {
        const char *buf = m_in->data();
        const char *b = buf + m_in->pos();
        const char *e = buf + m_in->size();
        const char *nl = static_cast<const char *>(std::memchr(b, '\n', size_t(e - b)));
        if (!nl && !m_in->atEnd()) {
            auto more = refillOrFail(m_line);
            if (!more)
                return more.error();
            continue;
        }
        if (!nl && b == e)
            return false;
        const char *lineEnd = nl ? nl : e;
        const qsizetype next = (nl ? nl + 1 : e) - buf;
        const char *s = b;
        const char *t = lineEnd;
        while (s < t && isWs(*s))
            ++s;
        while (t > s && isWs(t[-1]))
            --t;
        if (s == t) {
            advanceTo(next);
            continue;
        }
        const qint64 line = m_line;
        m_builder.reset(row);
        row.line = line;
        if (t - b > m_builder.options().maxRecordBytes) {
            return fail(Common::Error::badInput(
                QStringLiteral("RECORD_TOO_LARGE"),
                QStringLiteral("%1: line %2 is longer than %3 MiB.").arg(m_in->displayName()).arg(line)
                    .arg(m_builder.options().maxRecordBytes / (1024 * 1024)),
                QJsonObject{{QStringLiteral("line"), line}}));
        }
        m_end = t;
        m_hardEnd = true;
        m_members.clear();
        m_tooDeep = false;
        const char *p = s;
        if (*p != '{') {
            // Still validate, so that a line that is no JSON at all says so.
            const Parse r = parseValue(p, 0, false);
            if (m_tooDeep)
                return fileError(m_errorAt, QStringLiteral("JSON_TOO_DEEP"), QStringLiteral("JSON nesting deeper than %1 levels").arg(m_builder.options().maxNestingDepth));
            row.raw = QByteArray(s, t - s);
            m_builder.clearTexts(row);
            if (r == Parse::Ok && p == t)
                RowBuilder::reject(row, QString(), RejectReason::NotAnObject, s, t - s);
            else
                RowBuilder::reject(row, QString(), RejectReason::InvalidJson, s, t - s);
            advanceTo(next);
            return true;
        }
        Parse r = parseObject(p, 1, true);
        if (r == Parse::Ok && p != t) {
            r = Parse::Error;
            m_errorAt = p;
            m_errorMessage = "unexpected data after the object";
        }
        if (r != Parse::Ok) {
            if (m_tooDeep)
                return fileError(m_errorAt, QStringLiteral("JSON_TOO_DEEP"), QStringLiteral("JSON nesting deeper than %1 levels").arg(m_builder.options().maxNestingDepth));
            qint64 l = 0, column = 0;
            lineColumnAt(m_errorAt, l, column);
            row.raw = QByteArray(s, t - s);
            m_builder.clearTexts(row);
            RowBuilder::reject(row, QString(), RejectReason::InvalidJson,
                               QStringLiteral("column %1: %2").arg(column).arg(QString::fromLatin1(m_errorMessage)));
            ++m_invalidJsonLines;
            advanceTo(next);
            return true;
        }
        buildRow(row, s, t, line);
        advanceTo(next);
        return true;
    }
}

Common::Result<bool> JsonReader::nextInStream(ParsedRow &row)
{
    for (;;) {
        auto any = skipWsStream();
        if (!any)
            return any.error();
        const char *p = m_in->data() + m_in->pos();
        switch (m_stage) {
        case Stage::ArrayFirst:
            if (!*any)
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("the array is not closed with ']'"));
            if (*p == ']') {
                advanceTo(m_in->pos() + 1);
                m_stage = Stage::AfterArray;
                continue;
            }
            break;
        case Stage::ArrayNext:
            if (!*any)
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("the array is not closed with ']'"));
            if (*p == ']') {
                advanceTo(m_in->pos() + 1);
                m_stage = Stage::AfterArray;
                continue;
            }
            if (*p != ',')
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("expected ',' or ']' after an array element"));
            advanceTo(m_in->pos() + 1);
            any = skipWsStream();
            if (!any)
                return any.error();
            p = m_in->data() + m_in->pos();
            if (!*any)
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("the array is not closed with ']'"));
            break;
        case Stage::AfterArray:
            if (*any)
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("unexpected data after the JSON array"));
            m_stage = Stage::Done;
            return false;
        case Stage::Objects:
            if (!*any) {
                m_stage = Stage::Done;
                return false;
            }
            if (*p != '{')
                return fileError(p, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("expected '{' to start the next object"));
            break;
        case Stage::Lines:
        case Stage::Done:
            return false;
        }

        // One record starting at p (an array element or a top-level object): parse, refilling as needed.
        const qint64 line = m_line;
        for (;;) {
            const char *start = m_in->data() + m_in->pos();
            m_end = m_in->data() + m_in->size();
            m_hardEnd = m_in->atEnd();
            m_members.clear();
            m_tooDeep = false;
            const char *q = start;
            const bool isObject = *q == '{';
            const int depth = m_mode == Mode::Array ? 1 : 0;
            const Parse r = isObject ? parseObject(q, depth + 1, true) : parseValue(q, depth, false);
            if (r == Parse::NeedMore) {
                auto more = refillOrFail(line);
                if (!more)
                    return more.error();
                continue;
            }
            if (r == Parse::Error) {
                if (m_tooDeep)
                    return fileError(m_errorAt, QStringLiteral("JSON_TOO_DEEP"), QStringLiteral("JSON nesting deeper than %1 levels").arg(m_builder.options().maxNestingDepth));
                return fileError(m_errorAt, QStringLiteral("JSON_SYNTAX_ERROR"), QStringLiteral("JSON syntax error: %1").arg(QString::fromLatin1(m_errorMessage)));
            }
            m_builder.reset(row);
        m_builder.clearTexts(row);
            row.line = line;
            if (isObject) {
                buildRow(row, start, q, line);
            } else {
                row.raw = QByteArray(start, q - start);
                m_builder.clearTexts(row);
                RowBuilder::reject(row, QString(), RejectReason::NotAnObject, start, q - start);
            }
            advanceTo(q - m_in->data());
            if (m_mode == Mode::Array)
                m_stage = Stage::ArrayNext;
            return true;
        }
    }
}

// ---- rows -------------------------------------------------------------------------------------------

void JsonReader::unescape(const char *raw, qsizetype size, std::string &out)
{
    out.clear();
    const char *s = raw + 1;
    const char *e = raw + size - 1;
    while (s < e) {
        if (*s != '\\') {
            const char *t = s;
            while (t < e && *t != '\\')
                ++t;
            out.append(s, size_t(t - s));
            s = t;
            continue;
        }
        const char c = s[1];
        s += 2;
        switch (c) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
            uint cp = 0;
            for (int k = 0; k < 4; ++k)
                cp = cp * 16 + uint(hexValue(s[k]));
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && e - s >= 6 && s[0] == '\\' && s[1] == 'u') {
                uint lo = 0;
                bool ok = true;
                for (int k = 0; k < 4; ++k) {
                    const int h = hexValue(s[2 + k]);
                    ok = ok && h >= 0;
                    lo = lo * 16 + uint(h);
                }
                if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; // a lone surrogate
            appendUtf8(out, cp);
            break;
        }
        default: out.push_back(c); break; // " \ /
        }
    }
}

void JsonReader::compact(const char *b, const char *e, QByteArray &out)
{
    out.resize(0);
    bool inString = false;
    for (const char *p = b; p < e; ++p) {
        const char c = *p;
        if (inString) {
            out.append(c);
            if (c == '\\' && p + 1 < e) {
                out.append(*++p);
            } else if (c == '"') {
                inString = false;
            }
        } else if (!isWs(c)) {
            out.append(c);
            inString = c == '"';
        }
    }
}

const JsonReader::KeyInfo &JsonReader::keyInfo(const Member &m, size_t hint)
{
    if (m.keyIndex >= 0)
        return m_keys[size_t(m.keyIndex)];
    const char *k = m.key + 1;
    qsizetype n = m.keySize - 2;
    if (m.keyEscaped) {
        unescape(m.key, m.keySize, m_keyScratch);
        k = m_keyScratch.data();
        n = qsizetype(m_keyScratch.size());
    }
    // Objects of one file usually list their fields in the same order: try the same position first.
    if (hint < m_keys.size()) {
        const KeyInfo &h = m_keys[hint];
        if (qsizetype(h.bytes.size()) == n && std::memcmp(h.bytes.data(), k, size_t(n)) == 0)
            return h;
    }
    std::string key(k, size_t(n));
    auto it = m_keyIndex.find(key);
    if (it != m_keyIndex.end())
        return m_keys[it->second];
    KeyInfo info;
    info.name = QString::fromUtf8(k, n);
    info.match = m_builder.match(info.name);
    info.bytes = std::move(key);
    info.plain = !m.keyEscaped && !m.badUtf8;
    constexpr size_t maxKeys = 4096; // bounded memory for files whose keys are data
    if (m_keys.size() >= maxKeys) {
        m_overflowKey = std::move(info);
        return m_overflowKey;
    }
    m_keyIndex.emplace(info.bytes, m_keys.size());
    m_keys.push_back(std::move(info));
    return m_keys.back();
}

void JsonReader::buildRow(ParsedRow &row, const char *objectStart, const char *objectEnd, qint64 line)
{
    row.line = line;
    const qsizetype rawSize = objectEnd - objectStart;
    row.raw.resize(rawSize);
    std::memcpy(row.raw.data(), objectStart, size_t(rawSize));

    std::array<int, RoleCount> best;
    std::array<int, RoleCount> bestRank;
    best.fill(-1);
    bestRank.fill(INT_MAX);
    const size_t count = m_members.size();
    for (size_t i = 0; i < count; ++i) {
        const Member &m = m_members[i];
        if (m.badUtf8) {
            m_builder.clearTexts(row);
            const KeyInfo &info = keyInfo(m, i);
            RowBuilder::reject(row, info.name, RejectReason::InvalidUtf8, m.value, m.valueSize);
            return;
        }
        const KeyInfo &info = keyInfo(m, i);
        if (info.match.role == Role::Attribute)
            continue;
        const int r = int(info.match.role);
        if (info.match.rank < bestRank[r]) {
            bestRank[r] = info.match.rank;
            best[r] = int(i);
            if (!m_roleNames[r].isSharedWith(info.name))
                m_roleNames[r] = info.name;
        }
    }

    RowBuilder::Fields fields;
    for (int r = 0; r < RoleCount; ++r) {
        if (best[r] < 0) {
            if (m_roleNames[r].isEmpty())
                m_roleNames[r] = RowBuilder::roleName(Role(r));
            else if (m_roleNames[r] != RowBuilder::roleName(Role(r)))
                m_roleNames[r] = RowBuilder::roleName(Role(r));
            continue;
        }
        const Member &m = m_members[size_t(best[r])];
        RowBuilder::Field &f = fields[r];
        const bool textRole = r >= int(Role::Metric);
        switch (m.kind) {
        case ValueKind::String:
            f.kind = RowBuilder::Kind::Text;
            if (m.valueEscaped) {
                unescape(m.value, m.valueSize, m_roleText[r]);
                f.data = m_roleText[r].data();
                f.size = qsizetype(m_roleText[r].size());
                f.ascii = RowBuilder::isAscii(f.data, f.size);
            } else {
                f.data = m.value + 1;
                f.size = m.valueSize - 2;
                f.ascii = !m.nonAscii;
            }
            break;
        case ValueKind::Number:
            f = {RowBuilder::Kind::Number, m.value, m.valueSize, true};
            if (textRole)
                f.kind = RowBuilder::Kind::Text;
            break;
        case ValueKind::True:
        case ValueKind::False:
            f = {textRole ? RowBuilder::Kind::Text : RowBuilder::Kind::Bool, m.value, m.valueSize, true};
            break;
        case ValueKind::Null:
            f = {RowBuilder::Kind::Null, m.value, m.valueSize, true};
            break;
        case ValueKind::Object:
        case ValueKind::Array:
            if (textRole) {
                compact(m.value, m.value + m.valueSize, m_roleCompact[r]);
                f = {RowBuilder::Kind::Text, m_roleCompact[r].constData(), m_roleCompact[r].size(),
                     RowBuilder::isAscii(m_roleCompact[r].constData(), m_roleCompact[r].size())};
            } else {
                f = {RowBuilder::Kind::Bool, m.value, m.valueSize, true}; // rejected like a boolean
            }
            break;
        }
    }
    if (!m_builder.apply(row, fields, m_roleNames))
        return;

    // Everything not mapped is kept as attributes, as JSON (the raw texts are valid JSON already).
    QByteArray &json = row.attributesJson;
    bool first = true;
    for (size_t i = 0; i < count; ++i) {
        bool mapped = false;
        for (int r = 0; r < RoleCount && !mapped; ++r)
            mapped = best[r] == int(i);
        if (mapped)
            continue;
        const Member &m = m_members[i];
        json.append(first ? '{' : ',');
        first = false;
        json.append(m.key, m.keySize);
        json.append(':');
        if (m.kind == ValueKind::Object || m.kind == ValueKind::Array) {
            QByteArray &tmp = m_roleCompact[0];
            compact(m.value, m.value + m.valueSize, tmp);
            json.append(tmp);
        } else {
            json.append(m.value, m.valueSize);
        }
    }
    if (!first)
        json.append('}');
}

QJsonObject JsonReader::detection() const
{
    QJsonObject d;
    d.insert(QStringLiteral("format"), formatName(format()));
    d.insert(QStringLiteral("structure"), m_mode == Mode::Array ? QStringLiteral("array")
                                          : m_mode == Mode::Lines ? QStringLiteral("lines")
                                                                  : QStringLiteral("objects"));
    d.insert(QStringLiteral("bom"), m_bom);
    d.insert(QStringLiteral("columns"), QJsonArray::fromStringList(columns()));
    QJsonObject mapping;
    QJsonArray attributes;
    for (const KeyInfo &k : m_keys) {
        if (k.match.role == Role::Attribute)
            attributes.append(k.name);
        else if (!mapping.contains(RowBuilder::roleName(k.match.role)))
            mapping.insert(RowBuilder::roleName(k.match.role), k.name);
    }
    d.insert(QStringLiteral("mapping"), mapping);
    d.insert(QStringLiteral("attributes"), attributes);
    QStringList warnings;
    if (m_finished && m_rows == 0)
        warnings.append(QStringLiteral("The file holds no records."));
    if (m_invalidJsonLines > 0)
        warnings.append(QStringLiteral("%1 line(s) are not valid JSON.").arg(m_invalidJsonLines));
    m_builder.describe(d, warnings);
    d.insert(QStringLiteral("headerOnly"), m_finished && m_rows == 0);
    d.insert(QStringLiteral("rows"), m_rows);
    d.insert(QStringLiteral("invalidRows"), m_invalidRows);
    d.insert(QStringLiteral("finished"), m_finished);
    d.insert(QStringLiteral("compressed"), m_in->compressed());
    d.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return d;
}

} // namespace Ingest
