// SPDX-License-Identifier: MIT
#pragma once

// Shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp, built with -DCORS_FUZZ=ON).

#include "policy/policy.h"
#include "python/settingsreader.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace Cors::Fuzz {

/** The fuzzer's bytes, without copying (valid for the call only). */
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

/**
 * Text from the fuzzer's bytes: UTF-8 mostly, but with a leading 0x01 the rest is raw UTF-16
 * so that lone surrogates and other sequences UTF-8 decoding cannot produce get in too.
 */
inline QString text(const uint8_t *data, size_t size)
{
    if (size > 0 && data[0] == 0x01)
        return QString(reinterpret_cast<const QChar *>(data + 1), qsizetype((size - 1) / 2));
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

/** A failed invariant: print it and abort, so libFuzzer keeps the input as a crash. */
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
    std::abort();
}

/** The bundled example policy (every setting in use), for targets that need one. */
inline const Policy &examplePolicy()
{
    static const Policy policy = [] {
        QFile file(QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example_settings.py"));
        if (!file.open(QIODevice::ReadOnly))
            fail("cannot read resources/examples/example_settings.py");
        const SettingsReadResult read = readDjangoSettings(file.readAll());
        if (!read.ok)
            fail("resources/examples/example_settings.py does not read");
        return read.policy;
    }();
    return policy;
}

} // namespace Cors::Fuzz
