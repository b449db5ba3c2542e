#include "inputbuffer.h"

#include <QJsonObject>

#include <algorithm>
#include <cstring>
#include <zlib.h>

namespace Ingest {

InputBuffer::InputBuffer(std::unique_ptr<QIODevice> device, QString displayName, qsizetype chunkSize)
    : m_device(std::move(device)), m_name(std::move(displayName)), m_chunk(std::max<qsizetype>(chunkSize, 16))
{
}

InputBuffer::~InputBuffer()
{
    if (m_zs)
        inflateEnd(m_zs.get());
}

Common::Status InputBuffer::start()
{
    if (!m_device)
        return Common::Error::internal(QStringLiteral("READ_ERROR"), QStringLiteral("No input device."));
    if (!m_device->isOpen() && !m_device->open(QIODevice::ReadOnly)) {
        return Common::Error::badInput(QStringLiteral("READ_ERROR"),
                                       QStringLiteral("Cannot open %1: %2").arg(m_name, m_device->errorString()));
    }
    if (!m_device->isSequential())
        m_total = m_device->size() - m_device->pos();

    // Peek at the magic bytes: gzip starts with 1f 8b.
    m_zin.resize(size_t(std::min<qsizetype>(m_chunk, 256 * 1024)));
    auto first = readRaw(m_zin.data(), qsizetype(m_zin.size()));
    if (!first)
        return first.error();
    m_zinSize = *first;
    m_zinPos = 0;
    const bool gzipMagic = m_zinSize >= 2 && uchar(m_zin[0]) == 0x1f && uchar(m_zin[1]) == 0x8b;
    if (!gzipMagic && m_name.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive)) {
        const QByteArray head(m_zin.data(), std::min<qsizetype>(m_zinSize, 16));
        qsizetype text = 0; // the printable start, shown as text when there is enough of it
        while (text < head.size() && uchar(head[text]) >= 0x20 && uchar(head[text]) < 0x7F)
            ++text;
        const bool printable = text >= 4;
        QString start;
        if (head.isEmpty())
            start = QStringLiteral("it is empty");
        else if (printable)
            start = QStringLiteral("it starts with \"%1\"").arg(QString::fromLatin1(head.left(text)));
        else
            start = QStringLiteral("it starts with the bytes %1").arg(QString::fromLatin1(head.left(8).toHex(' ')));
        if (head.startsWith("PK\x03\x04"))
            start += QStringLiteral(", as a ZIP archive does: unzip it and import the file inside");
        else if (printable)
            start += QStringLiteral(": if it is plain text, rename it without .gz");
        return Common::Error::badInput(QStringLiteral("GZIP_ERROR"),
                                       QStringLiteral("%1 is not a gzip file (%2).").arg(m_name, start),
                                       QJsonObject{{QStringLiteral("head"), QString::fromLatin1(head.toHex())}});
    }
    if (gzipMagic) {
        m_gzip = true;
        m_zs = std::make_unique<z_stream_s>();
        std::memset(m_zs.get(), 0, sizeof(z_stream_s));
        if (inflateInit2(m_zs.get(), 15 + 16) != Z_OK)
            return Common::Error::internal(QStringLiteral("GZIP_ERROR"), QStringLiteral("Cannot initialise zlib."));
    }
    m_data.resize(size_t(m_chunk) + 16);
    auto added = fill();
    if (!added)
        return added.error();
    return {};
}

Common::Result<qsizetype> InputBuffer::readRaw(char *out, qsizetype max)
{
    if (m_deviceEof)
        return qsizetype(0);
    qsizetype total = 0;
    while (total < max) {
        const qint64 n = m_device->read(out + total, max - total);
        if (n < 0) {
            return Common::Error::badInput(QStringLiteral("READ_ERROR"),
                                           QStringLiteral("Cannot read %1: %2").arg(m_name, m_device->errorString()));
        }
        if (n == 0) {
            // Sequential devices (sockets, processes) may simply have nothing yet.
            if (m_device->isSequential() && !m_device->atEnd() && m_device->waitForReadyRead(30000))
                continue;
            m_deviceEof = true;
            break;
        }
        total += qsizetype(n);
        m_rawRead += n;
    }
    return total;
}

Common::Result<qsizetype> InputBuffer::readDecoded(char *out, qsizetype max)
{
    if (!m_gzip) {
        // The peeked first block is served first.
        if (m_zinPos < m_zinSize) {
            const qsizetype n = std::min(max, m_zinSize - m_zinPos);
            std::memcpy(out, m_zin.data() + m_zinPos, size_t(n));
            m_zinPos += n;
            if (m_zinPos == m_zinSize) {
                m_zin.clear();
                m_zin.shrink_to_fit();
                m_zinPos = m_zinSize = 0;
            }
            return n;
        }
        return readRaw(out, max);
    }
    qsizetype produced = 0;
    while (produced < max && !m_zEnded) {
        if (m_zinPos == m_zinSize && !m_zRawEof) {
            auto got = readRaw(m_zin.data(), qsizetype(m_zin.size()));
            if (!got)
                return got.error();
            m_zinPos = 0;
            m_zinSize = *got;
            m_zRawEof = m_zinSize == 0;
        }
        m_zs->next_in = reinterpret_cast<Bytef *>(m_zin.data() + m_zinPos);
        m_zs->avail_in = uInt(m_zinSize - m_zinPos);
        m_zs->next_out = reinterpret_cast<Bytef *>(out + produced);
        m_zs->avail_out = uInt(max - produced);
        const int rc = inflate(m_zs.get(), Z_NO_FLUSH);
        const qsizetype before = produced;
        m_zConsumed += (m_zinSize - m_zinPos) - qsizetype(m_zs->avail_in);
        m_zinPos = m_zinSize - qsizetype(m_zs->avail_in);
        produced = max - qsizetype(m_zs->avail_out);
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members (as `cat a.gz b.gz` makes) are one stream.
            if (m_zinPos == m_zinSize && !m_zRawEof) {
                auto got = readRaw(m_zin.data(), qsizetype(m_zin.size()));
                if (!got)
                    return got.error();
                m_zinPos = 0;
                m_zinSize = *got;
                m_zRawEof = m_zinSize == 0;
            }
            if (m_zinSize - m_zinPos >= 2 && uchar(m_zin[size_t(m_zinPos)]) == 0x1f
                && uchar(m_zin[size_t(m_zinPos + 1)]) == 0x8b) {
                inflateReset(m_zs.get());
            } else {
                m_zEnded = true; // trailing garbage after the last member is ignored, as gzip(1) does
            }
        } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
            // No progress with all input consumed: the stream stops before its end.
            if (m_zRawEof && m_zinPos == m_zinSize && produced == before) {
                return deliverOrFail(produced, Common::Error::badInput(
                    QStringLiteral("GZIP_ERROR"),
                    QStringLiteral("%1: the gzip data ends unexpectedly (truncated file?).").arg(m_name)));
            }
        } else {
            return deliverOrFail(produced, Common::Error::badInput(
                QStringLiteral("GZIP_ERROR"),
                QStringLiteral("%1 is not valid gzip data: %2")
                    .arg(m_name, QString::fromUtf8(m_zs->msg ? m_zs->msg : "inflate failed"))));
        }
    }
    return produced;
}

Common::Result<qsizetype> InputBuffer::deliverOrFail(qsizetype produced, Common::Error error)
{
    if (produced == 0)
        return error;
    m_pendingError = std::move(error);
    m_zEnded = true;
    return produced;
}

bool InputBuffer::fillAhead()
{
    auto added = fill();
    if (added)
        return *added;
    m_pendingError = added.error();
    m_eof = false;
    return false;
}

Common::Result<bool> InputBuffer::fill()
{
    if (m_eof)
        return false;
    // Keep the unconsumed tail at the front, grow when the tail is most of the buffer.
    const qsizetype keep = m_size - m_pos;
    if (m_pos > 0) {
        if (keep > 0)
            std::memmove(m_data.data(), m_data.data() + m_pos, size_t(keep));
        m_base += m_pos;
        m_pos = 0;
        m_size = keep;
    }
    if (qsizetype(m_data.size()) - m_size < m_chunk)
        m_data.resize(size_t(m_size + m_chunk + 16));
    if (m_pendingError) {
        m_eof = true;
        return *m_pendingError;
    }
    auto got = readDecoded(m_data.data() + m_size, m_chunk);
    if (!got)
        return got.error();
    const qsizetype n = *got;
    if (n == 0) {
        m_eof = true;
        return false;
    }
    if (const void *nul = std::memchr(m_data.data() + m_size, 0, size_t(n))) {
        const qint64 at = m_base + (static_cast<const char *>(nul) - m_data.data());
        m_eof = true;
        return Common::Error::badInput(
            QStringLiteral("BINARY_FILE"),
            QStringLiteral("%1 contains a NUL byte at byte %2: it looks like a binary file, not CSV or JSON text.")
                .arg(m_name).arg(at),
            QJsonObject{{QStringLiteral("byte"), at}});
    }
    m_size += n;
    if (m_gzip) {
        const qint64 decoded = m_base + m_size;
        if (m_maxDecompressed > 0 && decoded > m_maxDecompressed) {
            m_eof = true;
            return Common::Error::badInput(
                QStringLiteral("DECOMPRESSED_TOO_LARGE"),
                QStringLiteral("%1 decompresses to more than %2 bytes, the limit for one import (--max-decompressed).")
                    .arg(m_name).arg(m_maxDecompressed),
                QJsonObject{{QStringLiteral("limitBytes"), m_maxDecompressed}});
        }
        if (!m_rowSeen && decoded > GzipBombMinBytes && decoded > GzipBombRatio * std::max<qint64>(m_zConsumed, 1)) {
            m_eof = true;
            return Common::Error::badInput(
                QStringLiteral("GZIP_BOMB"),
                QStringLiteral("%1 inflates to more than %2 times its compressed size (%3 bytes from %4) without a single data row; "
                               "reading stopped.").arg(m_name).arg(GzipBombRatio).arg(decoded).arg(m_zConsumed),
                QJsonObject{{QStringLiteral("decompressedBytes"), decoded}, {QStringLiteral("compressedBytes"), m_zConsumed}});
        }
    }
    return true;
}

} // namespace Ingest
