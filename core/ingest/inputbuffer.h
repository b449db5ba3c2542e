#pragma once
// InputBuffer is the readers' window on the input: it pulls large chunks from a QIODevice, inflates gzip
// transparently, rejects binary data (NUL bytes) and keeps the unconsumed tail of the window when more is
// needed, so a record never has to be copied more than once and memory stays bounded by the record limit.
// Gzip guards: a name ending in .gz whose bytes are not gzip is refused (GZIP_ERROR) rather than read as
// text; decompressed data beyond setMaxDecompressedBytes() fails (DECOMPRESSED_TOO_LARGE); and more than
// GzipBombRatio times the compressed bytes read (past GzipBombMinBytes) before the reader has produced a
// single row stops early (GZIP_BOMB), so a small file cannot make an import inflate gigabytes of nothing.

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
    static constexpr qint64 GzipBombRatio = 100;
    static constexpr qint64 GzipBombMinBytes = 4 * 1024 * 1024;

    InputBuffer(std::unique_ptr<QIODevice> device, QString displayName, qsizetype chunkSize = DefaultChunkSize);
    ~InputBuffer();
    InputBuffer(const InputBuffer &) = delete;
    InputBuffer &operator=(const InputBuffer &) = delete;

    // Opens the device if needed, detects gzip and fills the first chunk.
    Common::Status start();

    // Keeps [pos(), size()) and appends at least one more chunk when there is more input.
    // Returns false at the end of input (nothing was added).
    Common::Result<bool> fill();
    // fill() for a read-ahead: an error is kept for the next fill() (so the reader meets it where it is in
    // the data) and false is returned.
    bool fillAhead();

    const char *data() const { return m_data.data(); }
    qsizetype pos() const { return m_pos; }
    qsizetype size() const { return m_size; }
    qsizetype available() const { return m_size - m_pos; }
    void setPos(qsizetype pos) { m_pos = pos; }
    bool atEnd() const { return m_eof; } // no input beyond size()
    qint64 absoluteOffset(qsizetype bufferIndex) const { return m_base + bufferIndex; } // in decoded bytes

    void setMaxDecompressedBytes(qint64 bytes) { m_maxDecompressed = bytes; } // 0 = no limit
    void noteRow() { m_rowSeen = true; } // the reader produced a record: the data is no gzip bomb
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
    bool m_rowSeen = false;
    qint64 m_maxDecompressed = 0;
    qint64 m_zConsumed = 0; // compressed bytes inflate has consumed
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
