// What the bytes of a JRMP message are that no field holds: the characters of a string after their length.
#include "spanroles.h"

namespace rpcscope::spanroles {

bool jrmpRoles(const RoleRun& run, std::vector<RolePiece>& out)
{
    if (run.ownBytes)
        return false;
    const DecodeNode& holder = run.holder();
    // writeUTF: a 2-byte length, then the characters in modified UTF-8; the tree shows the length as a child and
    // the string as the node's value.
    const DecodeNode* before = run.childBefore();
    if (before && before->name == QLatin1String("length") && !run.childAfter() && run.to == holder.end()) {
        out.push_back({run.from,
                       run.to - run.from,
                       QStringLiteral("field"),
                       QStringLiteral("The characters of “%1” in modified UTF-8 (Java's writeUTF), as many bytes as "
                                      "the length before them says.")
                           .arg(holder.name),
                       {}});
        return true;
    }
    return false;
}

} // namespace rpcscope::spanroles
