#include "eventidentity.h"

#include <sodium.h>

#include <QVarLengthArray>

#include <algorithm>

namespace Common {

namespace {

struct Member
{
    QByteArrayView key;   // the JSON string token, quotes included
    QByteArrayView value; // the JSON value token (compact)
};

// End of the JSON string starting at begin (which is a '"'), one past the closing quote; 0 when open.
qsizetype stringEnd(QByteArrayView text, qsizetype begin)
{
    for (qsizetype i = begin + 1; i < text.size(); ++i) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            return i + 1;
    }
    return 0;
}

// End of the compact JSON value starting at begin, one past it; 0 when malformed.
qsizetype valueEnd(QByteArrayView text, qsizetype begin)
{
    if (begin >= text.size())
        return 0;
    const char first = text[begin];
    if (first == '"')
        return stringEnd(text, begin);
    if (first == '{' || first == '[') {
        int depth = 0;
        for (qsizetype i = begin; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '"') {
                i = stringEnd(text, i);
                if (i == 0)
                    return 0;
                --i;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return 0;
    }
    qsizetype i = begin;
    while (i < text.size() && text[i] != ',' && text[i] != '}')
        ++i;
    return i > begin ? i : 0;
}

// The members of a compact JSON object as the readers write it ({"k":v,...}); false when it is not one.
bool splitMembers(QByteArrayView json, QVarLengthArray<Member, 32> &members)
{
    if (json.size() < 2 || json.front() != '{' || json.back() != '}')
        return false;
    qsizetype i = 1;
    if (json.size() == 2)
        return true;
    while (true) {
        if (json[i] != '"')
            return false;
        const qsizetype keyEnd = stringEnd(json, i);
        if (keyEnd == 0 || keyEnd >= json.size() || json[keyEnd] != ':')
            return false;
        const qsizetype end = valueEnd(json, keyEnd + 1);
        if (end == 0 || end >= json.size())
            return false;
        members.append(Member{json.sliced(i, keyEnd - i), json.sliced(keyEnd + 1, end - keyEnd - 1)});
        if (json[end] == '}')
            return end == json.size() - 1;
        if (json[end] != ',')
            return false;
        i = end + 1;
        if (i >= json.size())
            return false;
    }
}

bool isEmptyValue(QByteArrayView value)
{
    return value == QByteArrayView("\"\"") || value == QByteArrayView("null");
}

} // namespace

QByteArray eventIdentityKey(qint64 tsMs, double value, QByteArrayView metricUtf8, QByteArrayView userUtf8,
                            QByteArrayView eventIdUtf8, QByteArrayView attributesJson)
{
    if (!eventIdUtf8.isEmpty())
        return QByteArray(1, 'e') + eventIdUtf8;

    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    auto feed = [&state](const void *data, size_t size) {
        crypto_generichash_update(&state, static_cast<const unsigned char *>(data), size);
    };
    auto feedText = [&feed](QByteArrayView text) {
        const quint64 size = quint64(text.size());
        feed(&size, sizeof size);
        feed(text.data(), size_t(text.size()));
    };
    value = value == 0.0 ? 0.0 : value; // -0 and 0 are the same value
    feed(&tsMs, sizeof tsMs);
    feed(&value, sizeof value);
    feedText(metricUtf8);
    feedText(userUtf8);

    if (!attributesJson.isEmpty()) {
        QVarLengthArray<Member, 32> members;
        if (splitMembers(attributesJson, members)) {
            members.erase(std::remove_if(members.begin(), members.end(),
                                         [](const Member &m) { return isEmptyValue(m.value); }),
                          members.end());
            std::sort(members.begin(), members.end(), [](const Member &a, const Member &b) {
                return a.key != b.key ? a.key < b.key : a.value < b.value;
            });
            if (!members.isEmpty()) {
                // Appended after the layout of schema version 5, so rows without attributes keep their keys.
                const quint64 count = quint64(members.size());
                feed("A", 1);
                feed(&count, sizeof count);
                for (const Member &m : std::as_const(members)) {
                    feedText(m.key);
                    feedText(m.value);
                }
            }
        } else {
            feed("J", 1); // not an object the readers write: the text as it is
            feedText(attributesJson);
        }
    }

    QByteArray key(17, Qt::Uninitialized);
    key[0] = 'h';
    crypto_generichash_final(&state, reinterpret_cast<unsigned char *>(key.data() + 1), 16);
    return key;
}

} // namespace Common
