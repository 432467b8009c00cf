// SPDX-License-Identifier: MIT
#include "workspaces/workspace.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Cors {

QString workspaceId(Workspace workspace)
{
    switch (workspace) {
    case Workspace::Policy:
        return u"policy"_s;
    case Workspace::Simulate:
        return u"simulate"_s;
    case Workspace::Live:
        return u"live"_s;
    }
    return u"policy"_s;
}

Workspace workspaceFromId(const QString &id, bool *ok)
{
    for (int i = 0; i < WorkspaceCount; ++i) {
        if (workspaceId(Workspace(i)) == id) {
            if (ok)
                *ok = true;
            return Workspace(i);
        }
    }
    if (ok)
        *ok = false;
    return Workspace::Policy;
}

QString workspaceTitle(Workspace workspace)
{
    switch (workspace) {
    case Workspace::Policy:
        return QCoreApplication::translate("Cors::Workspace", "&Policy");
    case Workspace::Simulate:
        return QCoreApplication::translate("Cors::Workspace", "&Simulate");
    case Workspace::Live:
        return QCoreApplication::translate("Cors::Workspace", "&Live");
    }
    return {};
}

QString workspaceDescription(Workspace workspace)
{
    switch (workspace) {
    case Workspace::Policy:
        return QCoreApplication::translate("Cors::Workspace",
                                           "Edit the policy: setting groups, the form, Problems");
    case Workspace::Simulate:
        return QCoreApplication::translate(
                "Cors::Workspace",
                "Send requests from a simulated browser and walk through what happens");
    case Workspace::Live:
        return QCoreApplication::translate("Cors::Workspace",
                                           "Serve the policy over real HTTP, probe a real server");
    }
    return {};
}

} // namespace Cors
