// SPDX-License-Identifier: MIT
#include "workspaces/splitterstate.h"

#include "settings.h"

#include <QSplitter>

using namespace Qt::StringLiterals;

namespace Cors::SplitterState {

namespace {

QList<QSplitter *> namedSplitters(QWidget *root)
{
    QList<QSplitter *> found;
    if (auto *self = qobject_cast<QSplitter *>(root); self && !self->objectName().isEmpty())
        found.append(self);
    const QList<QSplitter *> children = root->findChildren<QSplitter *>();
    for (QSplitter *splitter : children) {
        if (!splitter->objectName().isEmpty() && !splitter->objectName().startsWith(u"qt_"_s))
            found.append(splitter);
    }
    return found;
}

QString keyOf(const QSplitter *splitter)
{
    return u"splitter/"_s + splitter->objectName();
}

} // namespace

void save(QWidget *root, const QString &workspace)
{
    Settings settings;
    const QList<QSplitter *> splitters = namedSplitters(root);
    for (QSplitter *splitter : splitters)
        settings.setWorkspaceValue(workspace, keyOf(splitter), splitter->saveState());
}

int restore(QWidget *root, const QString &workspace)
{
    Settings settings;
    int restored = 0;
    const QList<QSplitter *> splitters = namedSplitters(root);
    for (QSplitter *splitter : splitters) {
        const QByteArray state = settings.workspaceValue(workspace, keyOf(splitter)).toByteArray();
        if (!state.isEmpty() && splitter->restoreState(state))
            ++restored;
    }
    return restored;
}

} // namespace Cors::SplitterState
