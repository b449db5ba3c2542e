#pragma once
// The identity of a stored event (DESIGN.md, "Identity"): two events are the same event, and the second
// one is a duplicate that is counted but never stored, when
//   - both carry an event_id and (source, event_id) is equal, or
//   - neither carries one and they are equal in every column after normalisation: ts (UTC ms), metric,
//     value, user_id and every attribute (the file's other columns or fields).
// Rows that differ in any column, an attribute included, are distinct events: one user rating two films
// in the same second with the same score is two events.
//
// The key is what clean_events.dedup_key holds (unique per source). It is computed from the normalised
// values that are stored, so a migration can recompute it from stored rows alone.
//
// Attribute normalisation: the attributes are the compact JSON object the readers produce; members are
// compared by key and value text, in key order (column order does not matter), and a member whose value
// is "" or null counts as absent (an empty cell is the same as a missing column). Values are compared as
// their JSON text: the string "5" (a CSV cell) and the number 5 (a JSON field) differ.

#include <QByteArray>
#include <QByteArrayView>

namespace Common {

// 'e' + event_id when eventId is not empty, else 'h' + a 128-bit BLAKE2b hash of the normalised
// (ts, value, metric, user_id, attributes). Rows without attributes hash exactly as before attributes
// were part of the identity (schema version 5), so their stored keys stay valid.
QByteArray eventIdentityKey(qint64 tsMs, double value, QByteArrayView metricUtf8, QByteArrayView userUtf8,
                            QByteArrayView eventIdUtf8, QByteArrayView attributesJson);

} // namespace Common
