#pragma once
// JsonReader streams JSON event files: an array of objects, a single object, concatenated objects or NDJSON
// (one object per line). An incremental parser finds each record's boundaries inside the input window and
// validates it in the same pass, so a multi-GB array is never loaded whole; syntax errors name the line,
// column (in bytes) and byte offset. In NDJSON a bad line is a bad row, not the end of the import.

#include "eventreader.h"
#include "inputbuffer.h"
#include "rowbuilder.h"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace Ingest {

class JsonReader final : public EventReader
{
public:
    JsonReader(std::unique_ptr<InputBuffer> input, const ReadOptions &options, Format declared);

    // Finds out whether the input is an array, objects or NDJSON (EMPTY_FILE, JSON_SYNTAX_ERROR, ...).
    Common::Status start();

    Common::Result<bool> next(ParsedRow &row) override;
    qint64 bytesRead() const override;
    qint64 totalBytes() const override { return m_in->totalBytes(); }
    Format format() const override { return m_mode == Mode::Lines ? Format::Ndjson : Format::Json; }
    QStringList columns() const override;
    QJsonObject detection() const override;

    // For EventReader::fromDevice: the sampling read-ahead and the resolved formats.
    RowBuilder &rowBuilder() { return m_builder; }
    const FormatDetection &formats() const override { return m_builder.formats(); }

private:
    enum class Mode { Array, Objects, Lines };
    enum class Stage { ArrayFirst, ArrayNext, AfterArray, Objects, Lines, Done };
    enum class Parse { Ok, NeedMore, Error };
    enum class ValueKind : quint8 { String, Number, True, False, Null, Object, Array };

    struct Member
    {
        const char *key;   // raw, with the quotes
        qsizetype keySize;
        const char *value; // raw
        qsizetype valueSize;
        ValueKind kind;
        bool keyEscaped;
        bool valueEscaped;
        bool badUtf8;   // the key or the string value is not valid UTF-8
        bool nonAscii;  // the string value has bytes >= 0x80
        int keyIndex;   // into m_keys when the key was recognised while parsing, else -1
    };
    struct KeyInfo
    {
        std::string bytes; // unescaped
        QString name;
        RoleMatch match;
        bool plain = false; // its JSON text is exactly "bytes" (no escapes needed, valid UTF-8)
    };

    // Parser over [.., m_end); at m_end it needs more input unless m_hardEnd.
    Parse skipWs(const char *&p);
    Parse parseValue(const char *&p, int depth, bool collect);
    Parse parseObject(const char *&p, int depth, bool collect);
    Parse parseArray(const char *&p, int depth);
    Parse parseString(const char *&p, bool &escaped, bool &badUtf8, bool &nonAscii);
    Parse parseNumber(const char *&p);
    Parse parseLiteral(const char *&p, const char *word, qsizetype size);
    Parse endOfInput(const char *p);
    Parse syntaxError(const char *p, const char *message);

    Common::Result<bool> nextInLines(ParsedRow &row);
    Common::Result<bool> nextInStream(ParsedRow &row);
    Common::Result<bool> skipWsStream(); // false at the end of input
    Common::Result<bool> refillOrFail(qint64 recordLine);
    void advanceTo(qsizetype index);
    void lineColumnAt(const char *p, qint64 &line, qint64 &column) const;
    Common::Error fileError(const char *p, const QString &code, const QString &message);
    Common::Error fail(Common::Error error);

    void buildRow(ParsedRow &row, const char *objectStart, const char *objectEnd, qint64 line);
    const KeyInfo &keyInfo(const Member &m, size_t hint);
    static void unescape(const char *rawWithQuotes, qsizetype size, std::string &out);
    static void compact(const char *b, const char *e, QByteArray &out);

    std::unique_ptr<InputBuffer> m_in;
    RowBuilder m_builder;
    Format m_declared;
    Mode m_mode = Mode::Objects;
    Stage m_stage = Stage::Objects;
    bool m_bom = false;

    const char *m_end = nullptr;
    bool m_hardEnd = false;
    const char *m_errorAt = nullptr;
    const char *m_errorMessage = nullptr;
    bool m_tooDeep = false;
    bool m_nestedBadUtf8 = false; // a string inside the object/array value of the member being parsed is not UTF-8
    std::vector<Member> m_members;

    std::vector<KeyInfo> m_keys;
    std::unordered_map<std::string, size_t> m_keyIndex;
    KeyInfo m_overflowKey;
    std::array<std::string, RoleCount> m_roleText;
    std::array<QByteArray, RoleCount> m_roleCompact;
    std::array<QString, RoleCount> m_roleNames;
    std::string m_keyScratch;

    qint64 m_line = 1;           // line of m_in->pos()
    qint64 m_lineStartAbs = 0;   // absolute offset where that line starts
    std::optional<Common::Error> m_error;
    bool m_finished = false;
    qint64 m_rows = 0;
    qint64 m_invalidRows = 0;
    qint64 m_invalidJsonLines = 0;
};

} // namespace Ingest
