#include "commands.h"

#include <cstdio>

// PLACEHOLDER until the call command is built.
int runCallCommand(const QStringList&)
{
    std::fprintf(stderr, "rpcscope-cli: 'call' is not available in this build\n");
    return 2;
}
