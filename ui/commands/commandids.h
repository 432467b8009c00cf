// SPDX-License-Identifier: MIT
#pragma once

namespace Cors {

/** QUndoCommand::id() of the commands that merge; every other command returns -1. */
enum CommandId {
    /** Typing into a field (text, number): one undo step per field and typing session. */
    CmdTypeSetting = 1,
};

} // namespace Cors
