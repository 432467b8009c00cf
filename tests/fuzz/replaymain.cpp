// SPDX-License-Identifier: MIT
// Replays inputs through a fuzz target without libFuzzer, so that every build (g++, the ASan
// preset) runs the seed corpora and the crash regressions: fuzz_X [-flags ignored] FILE|DIR...
#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg.startsWith(u'-'))
            continue; // libFuzzer options, so that one ctest command line serves both builds
        if (QFileInfo(arg).isDir()) {
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        } else {
            files.append(arg);
        }
    }
    files.sort();
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray input = file.readAll();
        // A heap copy of exactly the input's size and no terminating NUL, as libFuzzer passes
        // it, so that ASan sees reads past its end.
        const auto exact = std::make_unique<uint8_t[]>(size_t(input.size()));
        std::memcpy(exact.get(), input.constData(), size_t(input.size()));
        LLVMFuzzerTestOneInput(exact.get(), size_t(input.size()));
    }
    std::printf("replayed %lld inputs\n", static_cast<long long>(files.size()));
    return files.isEmpty() ? 1 : 0;
}
