#include "rowbuilder.h"

#include <QJsonArray>
#include <QJsonObject>

#include <charconv>
#include <cstring>

namespace Ingest {

RowBuilder::RowBuilder(const ReadOptions &options)
    : m_options(options),
      m_ts(options.timezone, options.epochUnit),
      m_values(options.decimalMark, options.thousandsSeparator)
{
    m_ts.setDateOrder(options.dateOrder);
    if (!options.dateFormat.isEmpty()) {
        if (auto format = ExplicitDateFormat::compile(options.dateFormat))
            m_ts.setExplicitFormat(*format); // a bad format is refused by EventReader::fromDevice already
    }
    // English first (a file with two candidate columns takes the earlier name), then the usual
    // headers of German, French, Spanish, Italian and Dutch spreadsheet exports. Names are compared
    // after normalizeColumnName(): case, accents' case, spaces, '-' and '.' do not matter.
    // Names that are ambiguous in some language ("data", "nombre") or that repeat across the lines of
    // one event (an order id) are left out on purpose: --map names them.
    const auto list = [](std::initializer_list<const char16_t *> names) {
        QStringList out;
        for (const char16_t *name : names)
            out.append(QString::fromUtf16(name));
        return out;
    };
    m_synonyms[int(Role::Timestamp)] = list({u"timestamp", u"time", u"date", u"datetime", u"ts", u"date_time", u"event_time",
                                             u"zeitstempel", u"datum", u"zeitpunkt", u"datum_uhrzeit", u"horodatage",
                                             u"date_heure", u"fecha", u"fecha_hora", u"marca_temporal", u"data_ora",
                                             u"tijdstip", u"datum_tijd"});
    m_synonyms[int(Role::Value)] = list({u"value", u"amount", u"count", u"qty", u"quantity", u"wert", u"betrag",
                                         u"umsatz", u"menge", u"anzahl", u"valeur", u"montant", u"quantit\u00e9",
                                         u"quantite", u"valor", u"importe", u"cantidad", u"valore", u"importo",
                                         u"quantit\u00e0", u"waarde", u"bedrag", u"aantal"});
    m_synonyms[int(Role::Metric)] = list({u"metric", u"name", u"metric_name", u"event", u"metrik", u"kennzahl",
                                          u"m\u00e9trique", u"metrique", u"indicateur", u"m\u00e9trica", u"metrica",
                                          u"indicador", u"metriek"});
    m_synonyms[int(Role::UserId)] = list({u"user_id", u"user", u"userid", u"customer_id", u"benutzer", u"benutzer_id",
                                          u"nutzer", u"kunde", u"kunden_id", u"kundennummer", u"utilisateur",
                                          u"id_utilisateur", u"id_client", u"usuario", u"id_usuario", u"id_cliente",
                                          u"utente", u"id_utente", u"gebruiker", u"klant", u"klant_id"});
    m_synonyms[int(Role::EventId)] = list({u"event_id", u"id", u"uuid", u"ereignis_id", u"id_evenement",
                                           u"id_\u00e9v\u00e9nement", u"id_evento"});
    m_synonyms[int(Role::Source)] = list({u"source", u"source_name", u"quelle", u"fuente", u"fonte", u"bron"});
    const ColumnMapping &m = options.mapping;
    m_explicit = {m.timestamp.trimmed(), m.value.trimmed(), m.metric.trimmed(),
                  m.userId.trimmed(), m.eventId.trimmed(), m.source.trimmed()};
}

void RowBuilder::setFormats(const FormatDetection &formats)
{
    m_formats = formats;
    m_values = ValueParser(formats.decimalMark, formats.thousandsSeparator);
    m_ts.setDateOrder(formats.dateOrder);
    if (m_options.epochUnit == EpochUnit::Auto)
        m_ts.setInferredEpochUnit(formats.epochUnit);
}

void RowBuilder::describe(QJsonObject &d, QStringList &warnings) const
{
    const ReadOptions &o = m_options;
    d.insert(QStringLiteral("epochUnit"), epochUnitName(o.epochUnit));
    QJsonObject formats = m_formats.toJson();
    // What the whole read saw so far (the sample only saw the first records).
    formats.insert(QStringLiteral("currenciesRemoved"), QJsonArray::fromStringList(m_values.currenciesSeen()));
    formats.insert(QStringLiteral("valuesWithCurrency"), m_values.currencyValues());
    formats.insert(QStringLiteral("valuesWithPercent"), m_values.percentValues());
    formats.insert(QStringLiteral("valuesInParentheses"), m_values.parenthesesNegatives());
    formats.insert(QStringLiteral("localeTimestamps"), m_ts.localeForms());
    formats.insert(QStringLiteral("epochUnitMismatches"), m_ts.epochUnitMismatches());
    formats.insert(QStringLiteral("inferredEpochUnit"), epochUnitName(m_ts.inferredEpochUnit()));
    QJsonArray offsets;
    for (int offset : m_ts.offsetsSeen())
        offsets.append(offsetText(offset));
    formats.insert(QStringLiteral("offsetsSeen"), offsets);
    d.insert(QStringLiteral("formats"), formats);
    {
        // What the sample decided, when it is not the plain default, in one line.
        QStringList read;
        const FormatDetection &f = m_formats;
        if (f.decimalMarkDetected && f.decimalMark == DecimalMark::Comma)
            read.append(QStringLiteral("values with a decimal comma"));
        if (f.thousandsDetected && f.thousandsSeparator != ThousandsSeparator::None)
            read.append(QStringLiteral("thousands grouped by %1").arg(thousandsSeparatorName(f.thousandsSeparator)));
        if (f.dateOrderDetected)
            read.append(QStringLiteral("dates %1").arg(dateOrderName(f.dateOrder)));
        if (f.dateForms.contains(QLatin1String("quarter")))
            read.append(QStringLiteral("quarters as their first day"));
        if (f.dateForms.contains(QLatin1String("month")) || f.dateForms.contains(QLatin1String("month-name")))
            read.append(QStringLiteral("months as their first day"));
        if (!read.isEmpty()) {
            warnings.append(QStringLiteral("Detected from the first %1 row(s): %2.")
                                .arg(f.sampledRecords).arg(read.join(QStringLiteral(", "))));
        }
    }
    for (const QString &note : m_formats.notes) {
        // The sample's notes on currencies and % are restated below with the counts of the whole read.
        if (!note.startsWith(QLatin1String("Values carry")))
            warnings.append(note);
    }
    if (m_values.percentValues() > 0)
        warnings.append(QStringLiteral("%1 value(s) had a %-sign; it was removed and the number kept as written (12,5 % = 12.5).")
                            .arg(m_values.percentValues()));
    if (m_values.currencyValues() > 0)
        warnings.append(QStringLiteral("%1 value(s) had a currency (%2); it was removed.")
                            .arg(m_values.currencyValues()).arg(m_values.currenciesSeen().join(QStringLiteral(", "))));
    if (m_values.parenthesesNegatives() > 0)
        warnings.append(QStringLiteral("%1 value(s) in parentheses were read as negative numbers.").arg(m_values.parenthesesNegatives()));
    if (m_ts.epochUnitMismatches() > 0) {
        const bool ms = m_ts.inferredEpochUnit() == EpochUnit::Milliseconds;
        warnings.append(QStringLiteral("%1 numeric timestamp(s) look like %2 while the file's are %3; they were rejected as timestamp_out_of_range. "
                                       "Set the epoch unit (--epoch-unit s|ms) if the column is meant to be read in one unit.")
                            .arg(m_ts.epochUnitMismatches())
                            .arg(ms ? QStringLiteral("seconds") : QStringLiteral("milliseconds"),
                                 ms ? QStringLiteral("milliseconds") : QStringLiteral("seconds")));
    }
    if (m_ts.epochUnitFromFirstRow()) {
        warnings.append(QStringLiteral("The sample had no numeric timestamps; the first one decided their unit: %1.")
                            .arg(epochUnitName(m_ts.inferredEpochUnit())));
    }
    d.insert(QStringLiteral("inferredEpochSeconds"), m_ts.inferredSeconds());
    d.insert(QStringLiteral("inferredEpochMilliseconds"), m_ts.inferredMilliseconds());
    d.insert(QStringLiteral("localTimestamps"), m_ts.localTimes());
    const QString zone = QString::fromUtf8(o.timezone.id());
    d.insert(QStringLiteral("timezone"), zone);
    d.insert(QStringLiteral("defaultMetric"), o.defaultMetric);
    d.insert(QStringLiteral("decimalMark"), decimalMarkName(m_formats.decimalMark));
    d.insert(QStringLiteral("thousandsSeparator"), thousandsSeparatorName(m_formats.thousandsSeparator));
    d.insert(QStringLiteral("dateOrder"), dateOrderName(m_formats.dateOrder));
    d.insert(QStringLiteral("valuesRejectedForComma"), m_values.rejectedWithComma());
    const qint64 s = m_ts.inferredSeconds();
    const qint64 ms = m_ts.inferredMilliseconds();
    if (s > 0 || ms > 0) {
        warnings.append(QStringLiteral("Epoch timestamps: the unit was inferred from the timestamp column's sample: %1 (%2 read).")
                            .arg(epochUnitName(m_ts.inferredEpochUnit())).arg(s + ms));
    }
    if (m_values.rejectedWithComma() > 0) {
        warnings.append(QStringLiteral("%1 value(s) with a ',' were rejected; set the decimal mark or the thousands separator if they are numbers.")
                            .arg(m_values.rejectedWithComma()));
    }
    if (m_ts.localTimes() > 0 && o.timezone != QTimeZone::utc()) {
        warnings.append(QStringLiteral("%1 timestamp(s) without an offset were read as local time in %2.")
                            .arg(m_ts.localTimes()).arg(zone));
    } else if (m_ts.localTimes() > 0) {
        warnings.append(QStringLiteral("%1 timestamp(s) without an offset were read as UTC.").arg(m_ts.localTimes()));
    }
}

QString RowBuilder::roleName(Role role)
{
    switch (role) {
    case Role::Timestamp: return QStringLiteral("timestamp");
    case Role::Value: return QStringLiteral("value");
    case Role::Metric: return QStringLiteral("metric");
    case Role::UserId: return QStringLiteral("user_id");
    case Role::EventId: return QStringLiteral("event_id");
    case Role::Source: return QStringLiteral("source");
    case Role::Attribute: break;
    }
    return QStringLiteral("attribute");
}

namespace {

// How header names are compared with the synonyms: " User ID " = "user-id" = "USER.ID" = "user_id".
QString normalizeColumnName(QStringView name)
{
    QString out = name.trimmed().toString().toCaseFolded();
    for (QChar &c : out) {
        if (c == QLatin1Char(' ') || c == QLatin1Char('-') || c == QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return out;
}

} // namespace

RoleMatch RowBuilder::match(const QString &name) const
{
    const QString n = name.trimmed();
    const QString normalized = normalizeColumnName(n);
    // An explicit mapping wins over every synonym and switches the synonyms of its role off.
    for (int r = 0; r < RoleCount; ++r) {
        if (!m_explicit[r].isEmpty() && n.compare(m_explicit[r], Qt::CaseInsensitive) == 0)
            return {Role(r), 0};
    }
    for (int r = 0; r < RoleCount; ++r) {
        if (!m_explicit[r].isEmpty())
            continue;
        const QStringList &syn = m_synonyms[r];
        for (int i = 0; i < syn.size(); ++i) {
            if (normalized == syn[i])
                return {Role(r), i + 1};
        }
    }
    return {};
}

void RowBuilder::collect(ParsedRow &row, const Fields &f)
{
    ++m_sample->records;
    const Field &ts = f[int(Role::Timestamp)];
    if (ts.kind == Kind::Text) {
        m_sample->timestamps.append(QByteArray(ts.data, ts.size));
    } else if (ts.kind == Kind::Number) {
        double x = 0;
        const auto [ptr, ec] = std::from_chars(ts.data, ts.data + ts.size, x, std::chars_format::general);
        if (ec == std::errc() && ptr == ts.data + ts.size)
            m_sample->epochNumbers.append(x);
    }
    const Field &v = f[int(Role::Value)];
    if (v.kind == Kind::Text)
        m_sample->values.append(QByteArray(v.data, v.size));
    row.valid = false;
}

void RowBuilder::clearTexts(ParsedRow &row) const
{
    if (!row.metric.isSharedWith(m_options.defaultMetric))
        row.metric = m_options.defaultMetric;
    if (!row.source.isNull())
        row.source = QString();
}

void RowBuilder::reset(ParsedRow &row) const
{
    // metric and source are set by apply() or clearTexts(): assigning them here too would cost atomics per row.
    row.line = 0;
    row.valid = false;
    // resize(0) on a null string would allocate: only shrink what holds something.
    const auto clear = [](auto &s) {
        if (!s.isEmpty())
            s.resize(0);
    };
    clear(row.rejectColumn);
    clear(row.rejectReason);
    clear(row.rejectValue);
    row.tsMs = 0;
    row.value = 0;
    clear(row.userId);
    clear(row.eventId);
    clear(row.attributesJson);
}

void RowBuilder::reject(ParsedRow &row, const QString &column, const char *reason, const char *value, qsizetype size)
{
    row.valid = false;
    row.rejectColumn = column;
    row.rejectReason = QString::fromLatin1(reason);
    constexpr qsizetype limit = 200;
    if (size > limit) {
        // Cut on a UTF-8 character boundary.
        qsizetype cut = limit;
        while (cut > 0 && (uchar(value[cut]) & 0xC0) == 0x80)
            --cut;
        row.rejectValue = QString::fromUtf8(value, cut) + QStringLiteral("…");
    } else {
        row.rejectValue = QString::fromUtf8(value, size);
    }
}

void RowBuilder::reject(ParsedRow &row, const QString &column, const char *reason, const QString &value)
{
    row.valid = false;
    row.rejectColumn = column;
    row.rejectReason = QString::fromLatin1(reason);
    row.rejectValue = value.size() > 200 ? value.left(200) + QStringLiteral("…") : value;
}

bool RowBuilder::isAscii(const char *p, qsizetype n)
{
    quint64 acc = 0;
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, p + i, 8);
        acc |= w;
    }
    for (; i < n; ++i)
        acc |= uchar(p[i]);
    return (acc & 0x8080808080808080ULL) == 0;
}

bool RowBuilder::isValidUtf8(const char *data, qsizetype n)
{
    const auto *s = reinterpret_cast<const uchar *>(data);
    qsizetype i = 0;
    while (i < n) {
        const uchar c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        uint cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len;
    }
    return true;
}

void RowBuilder::appendJsonString(QByteArray &out, const char *p, qsizetype n)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype start = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(p[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(p + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': out.append("\\\"", 2); break;
        case '\\': out.append("\\\\", 2); break;
        case '\n': out.append("\\n", 2); break;
        case '\r': out.append("\\r", 2); break;
        case '\t': out.append("\\t", 2); break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(esc, 6);
        }
        }
    }
    out.append(p + start, n - start);
    out.append('"');
}

void RowBuilder::assignText(QString &out, const char *p, qsizetype n, bool ascii)
{
    if (ascii) {
        out = QLatin1StringView(p, n); // reuses the capacity when detached; SIMD widening
    } else {
        out = QString::fromUtf8(p, n);
    }
}

namespace {

// Control characters (C0, DEL, C1) or more than MaxNameLength characters: not a source or metric name.
bool validNameBytes(const char *p, qsizetype n)
{
    qsizetype characters = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = uchar(p[i]);
        if (c < 0x20 || c == 0x7F)
            return false;
        if (c == 0xC2 && i + 1 < n && uchar(p[i + 1]) >= 0x80 && uchar(p[i + 1]) <= 0x9F)
            return false;
        characters += (c & 0xC0) != 0x80;
    }
    return characters <= MaxNameLength;
}

} // namespace

bool RowBuilder::isValidName(const char *data, qsizetype size)
{
    return validNameBytes(data, size);
}

const RowBuilder::TextCache::Entry &RowBuilder::TextCache::entry(const char *p, qsizetype n, bool ascii)
{
    if (m_last < m_entries.size()) {
        const Entry &e = m_entries[m_last];
        if (e.bytes.size() == n) {
            // Names are short: a byte loop beats a call to memcmp.
            const char *k = e.bytes.constData();
            qsizetype i = 0;
            while (i < n && k[i] == p[i])
                ++i;
            if (i == n)
                return e;
        }
    }
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        if (e.bytes.size() == n && std::memcmp(e.bytes.constData(), p, size_t(n)) == 0) {
            m_last = i;
            return e;
        }
    }
    constexpr size_t capacity = 64;
    Entry entry{QByteArray(p, n), QString(), validNameBytes(p, n)};
    assignText(entry.text, p, n, ascii);
    if (m_entries.size() < capacity) {
        m_entries.push_back(std::move(entry));
        m_last = m_entries.size() - 1;
        return m_entries.back();
    }
    m_last = m_next;
    Entry &slot = m_entries[m_next];
    m_next = (m_next + 1) % capacity;
    slot = std::move(entry);
    return slot;
}

bool RowBuilder::apply(ParsedRow &row, const Fields &f, const std::array<QString, RoleCount> &names)
{
    if (m_sample) [[unlikely]] {
        collect(row, f);
        return false;
    }
    // Metric and source first: shallow copies of cached strings, and only when they change.
    const Field &m = f[int(Role::Metric)];
    if (m.kind != Kind::Absent && m.kind != Kind::Null && m.size > 0) {
        const TextCache::Entry &metric = m_metrics.entry(m.data, m.size, m.ascii);
        if (!metric.valid) [[unlikely]] {
            clearTexts(row);
            reject(row, names[int(Role::Metric)], RejectReason::InvalidName, m.data, m.size);
            return false;
        }
        if (!row.metric.isSharedWith(metric.text))
            row.metric = metric.text;
    } else if (!row.metric.isSharedWith(m_options.defaultMetric)) {
        row.metric = m_options.defaultMetric;
    }
    const Field &s = f[int(Role::Source)];
    if (s.kind != Kind::Absent && s.kind != Kind::Null && s.size > 0) {
        const TextCache::Entry &source = m_sources.entry(s.data, s.size, s.ascii);
        if (!source.valid) [[unlikely]] {
            clearTexts(row);
            reject(row, names[int(Role::Source)], RejectReason::InvalidName, s.data, s.size);
            return false;
        }
        if (!row.source.isSharedWith(source.text))
            row.source = source.text;
    } else if (!row.source.isNull()) {
        row.source = QString();
    }

    // Timestamp
    const Field &ts = f[int(Role::Timestamp)];
    const QString &tsName = names[int(Role::Timestamp)];
    switch (ts.kind) {
    case Kind::Absent:
    case Kind::Null:
        reject(row, tsName.isEmpty() ? roleName(Role::Timestamp) : tsName, RejectReason::MissingTimestamp, "", 0);
        return false;
    case Kind::Bool:
        reject(row, tsName, RejectReason::InvalidTimestamp, ts.data, ts.size);
        return false;
    case Kind::Number:
    case Kind::Text: {
        TimestampParser::Status s;
        if (ts.kind == Kind::Number) {
            double x = 0;
            const auto [ptr, ec] = std::from_chars(ts.data, ts.data + ts.size, x, std::chars_format::general);
            s = (ec == std::errc() && ptr == ts.data + ts.size) ? m_ts.parseEpoch(x, row.tsMs)
                : ec == std::errc::result_out_of_range ? TimestampParser::Status::OutOfRange
                                                       : TimestampParser::Status::Invalid;
        } else {
            s = m_ts.parse(ts.data, ts.size, row.tsMs);
            if (s == TimestampParser::Status::Invalid) {
                bool blank = true;
                for (qsizetype i = 0; i < ts.size && blank; ++i)
                    blank = ts.data[i] == ' ' || ts.data[i] == '\t' || ts.data[i] == '\r';
                if (blank) {
                    reject(row, tsName, RejectReason::MissingTimestamp, "", 0);
                    return false;
                }
            }
        }
        if (s != TimestampParser::Status::Ok) {
            reject(row, tsName,
                   s == TimestampParser::Status::OutOfRange ? RejectReason::TimestampOutOfRange
                                                            : RejectReason::InvalidTimestamp,
                   ts.data, ts.size);
            return false;
        }
        break;
    }
    }

    // Value
    const Field &v = f[int(Role::Value)];
    const QString &vName = names[int(Role::Value)];
    ValueParser::Status vs = ValueParser::Status::NonNumeric;
    switch (v.kind) {
    case Kind::Absent:
    case Kind::Null:
        vs = ValueParser::Status::Missing;
        break;
    case Kind::Bool:
        vs = ValueParser::Status::NonNumeric;
        break;
    case Kind::Number:
        vs = m_values.parseNumber(v.data, v.size, row.value);
        break;
    case Kind::Text:
        vs = m_values.parse(v.data, v.size, row.value);
        break;
    }
    if (vs != ValueParser::Status::Ok) {
        const char *reason = vs == ValueParser::Status::Missing ? RejectReason::MissingValue
            : vs == ValueParser::Status::NonFinite              ? RejectReason::NonFiniteValue
                                                                : RejectReason::NonNumericValue;
        reject(row, vName.isEmpty() ? roleName(Role::Value) : vName, reason, v.data, v.size);
        return false;
    }

    const Field &u = f[int(Role::UserId)];
    if (u.kind != Kind::Absent && u.kind != Kind::Null)
        assignText(row.userId, u.data, u.size, u.ascii);
    const Field &e = f[int(Role::EventId)];
    if (e.kind != Kind::Absent && e.kind != Kind::Null)
        assignText(row.eventId, e.data, e.size, e.ascii);
    row.valid = true;
    return true;
}

} // namespace Ingest
