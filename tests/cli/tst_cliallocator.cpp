// SPDX-License-Identifier: MIT
#include <QProcess>
#include <QTest>

/**
 * The shipped binary allocates with mimalloc: Qt's and the C++ library's malloc and free are
 * bound to libmimalloc by the dynamic loader (its own report, LD_DEBUG=bindings), not to
 * glibc's. Sanitizer builds keep the sanitizers' allocator.
 */
class tst_CliAllocator : public QObject
{
    Q_OBJECT

private slots:
    void allocationsGoToMimalloc();
};

void tst_CliAllocator::allocationsGoToMimalloc()
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("bindings"));
    // Every reference bound at start, not when first called.
    environment.insert(QStringLiteral("LD_BIND_NOW"), QStringLiteral("1"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CORS_CLI_PATH), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray report = process.readAllStandardError();
    // "binding file /lib/.../libQt6Core.so.6 [0] to /lib/.../libmimalloc.so.2 [0]: normal
    // symbol `malloc' [GLIBC_2.2.5]"
    const auto boundTo = [&](const char *library, const char *symbol) -> QByteArray {
        for (const QByteArray &line : report.split('\n')) {
            if (line.contains(QByteArray("binding file ")) && line.contains(library)
                && line.contains(QByteArray(QByteArray("symbol `") + symbol + '\''))) {
                const qsizetype to = line.indexOf(" to ");
                return line.mid(to + 4, line.indexOf(' ', to + 4) - to - 4);
            }
        }
        return QByteArray("(no binding)");
    };
    for (const char *library : {"libQt6Core.so", "libstdc++.so"}) {
        for (const char *symbol : {"malloc", "free"}) {
            const QByteArray target = boundTo(library, symbol);
#if CORS_EXPECT_MIMALLOC
            QVERIFY2(target.contains("libmimalloc.so"),
                     qPrintable(QStringLiteral("%1's %2 is bound to %3")
                                        .arg(QLatin1String(library), QLatin1String(symbol),
                                             QString::fromUtf8(target))));
#else
            QVERIFY2(!target.contains("libmimalloc.so"), target.constData());
#endif
        }
    }
}

QTEST_GUILESS_MAIN(tst_CliAllocator)
#include "tst_cliallocator.moc"
