#pragma once
// RowBuilder is the part the CSV and JSON readers share: which column or field feeds which canonical
// role (explicit mapping, else synonyms in six languages, compared ignoring case, spaces, '-' and
// '.'), and turning the texts of those fields into a validated ParsedRow with the same reason codes
// whatever the file format.

#include "eventreader.h"
#include "formatdetection.h"
#include "timestampparser.h"
#include "valueparser.h"

#include <QString>

#include <array>
#include <climits>
#include <vector>

namespace Ingest {

enum class Role : quint8 { Timestamp, Value, Metric, UserId, EventId, Source, Attribute };
inline constexpr int RoleCount = 6;

struct RoleMatch final
{
    Role role = Role::Attribute;
    int rank = INT_MAX; // 0 = explicit mapping, 1.. = position in the synonym list; lower wins
};

class RowBuilder final
{
public:
    enum class Kind : quint8 { Absent, Text, Number, Bool, Null };
    struct Field final
    {
        Kind kind = Kind::Absent;
        const char *data = nullptr;
        qsizetype size = 0;
        bool ascii = false; // the bytes are known to be 7-bit (fast QString conversion)
    };
    using Fields = std::array<Field, RoleCount>;

    explicit RowBuilder(const ReadOptions &options);

    // Sampling mode (the read-ahead that resolves the Auto formats): apply() only collects the timestamp
    // and value texts into sample and rejects the row.
    void setSample(FormatSample *sample) { m_sample = sample; }
    // The resolved formats every row is parsed with; their notes go into describe().
    void setFormats(const FormatDetection &formats);
    const FormatDetection &formats() const { return m_formats; }

    RoleMatch match(const QString &name) const;
    static QString roleName(Role role); // "timestamp", "value", "metric", "user_id", "event_id", "source"
    const ReadOptions &options() const { return m_options; }

    // Clears every field of row but keeps the buffers' capacity.
    void reset(ParsedRow &row) const;
    // For rows rejected before apply(): metric = the default, no source.
    void clearTexts(ParsedRow &row) const;
    // Validates and converts; on failure the row is marked invalid with a reason and false is returned.
    // names[i] is the column/field name reported as rejectColumn for role i.
    bool apply(ParsedRow &row, const Fields &fields, const std::array<QString, RoleCount> &names);
    static void reject(ParsedRow &row, const QString &column, const char *reason, const char *value, qsizetype size);
    static void reject(ParsedRow &row, const QString &column, const char *reason, const QString &value);

    // Adds what the parsers inferred (epoch units, local times, rejected separators) to a reader's detection().
    void describe(QJsonObject &detection, QStringList &warnings) const;

    const TimestampParser &timestamps() const { return m_ts; }
    const ValueParser &values() const { return m_values; }

    static bool isAscii(const char *data, qsizetype size);
    static bool isValidName(const char *data, qsizetype size); // see validateName()
    static bool isValidUtf8(const char *data, qsizetype size);
    static void appendJsonString(QByteArray &out, const char *data, qsizetype size); // with the quotes
    static void assignText(QString &out, const char *data, qsizetype size, bool ascii);

private:
    void collect(ParsedRow &row, const Fields &fields);

    // Metric and source names repeat on almost every row: sharing one QString avoids an allocation per row.
    class TextCache final
    {
    public:
        struct Entry { QByteArray bytes; QString text; bool valid = true; };
        const Entry &entry(const char *data, qsizetype size, bool ascii);

    private:
        std::vector<Entry> m_entries;
        size_t m_next = 0;
        size_t m_last = 0;
    };

    ReadOptions m_options;
    FormatSample *m_sample = nullptr;
    FormatDetection m_formats;
    TimestampParser m_ts;
    ValueParser m_values;
    TextCache m_metrics;
    TextCache m_sources;
    std::array<QStringList, RoleCount> m_synonyms;
    std::array<QString, RoleCount> m_explicit;
};

} // namespace Ingest
