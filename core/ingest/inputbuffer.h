#pragma once
// InputBuffer is the readers' window on the input: it pulls large chunks from a QIODevice, inflates gzip
// transparently, rejects binary data (NUL bytes) and keeps the unconsumed tail of the window when more is
// needed, so a record never has to be copied more than once and memory stays bounded by the record limit.

#include "common/result.h"

#include <QIODevice>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

struct z_stream_s;

namespace Ingest {

class InputBuffer final
{
public:
    static constexpr qsizetype DefaultChunkSize = 1024 * 1024;

    InputBuffer(std::unique_ptr<QIODevice> device, QString displayName, qsizetype chunkSize = DefaultChunkSize);
    ~InputBuffer();
    InputBuffer(const InputBuffer &) = delete;
    InputBuffer &operator=(const InputBuffer &) = delete;

    // Opens the device if needed, detects gzip and fills the first chunk.
    Common::Status start();

    // Keeps [pos(), size()) and appends at least one more chunk when there is more input.
    // Returns false at the end of input (nothing was added).
    Common::Result<bool> fill();

    const char *data() const { return m_data.data(); }
    qsizetype pos() const { return m_pos; }
    qsizetype size() const { return m_size; }
    qsizetype available() const { return m_size - m_pos; }
    void setPos(qsizetype pos) { m_pos = pos; }
    bool atEnd() const { return m_eof; } // no input beyond size()
    qint64 absoluteOffset(qsizetype bufferIndex) const { return m_base + bufferIndex; } // in decoded bytes

    bool compressed() const { return m_gzip; }
    qint64 rawBytesRead() const { return m_rawRead; }
    qint64 totalBytes() const { return m_total; }
    const QString &displayName() const { return m_name; }

private:
    Common::Result<qsizetype> readDecoded(char *out, qsizetype max);
    Common::Result<qsizetype> readRaw(char *out, qsizetype max);
    Common::Result<qsizetype> deliverOrFail(qsizetype produced, Common::Error error);

    std::unique_ptr<QIODevice> m_device;
    QString m_name;
    qsizetype m_chunk;
    std::vector<char> m_data;
    qsizetype m_pos = 0;
    qsizetype m_size = 0;
    qint64 m_base = 0; // absolute decoded offset of m_data[0]
    bool m_eof = false;
    bool m_deviceEof = false;
    bool m_gzip = false;
    qint64 m_rawRead = 0;
    qint64 m_total = -1;
    std::unique_ptr<z_stream_s> m_zs;
    std::vector<char> m_zin;
    qsizetype m_zinPos = 0;
    qsizetype m_zinSize = 0;
    bool m_zEnded = false;
    bool m_zRawEof = false;
    std::optional<Common::Error> m_pendingError; // a decoding error that waits until the data before it is used
};

} // namespace Ingest
