#include "commands.h"

#include <cstdio>

// PLACEHOLDER until the decode command is built.
int runDecodeCommand(const QStringList&)
{
    std::fprintf(stderr, "rpcscope-cli: 'decode' is not available in this build\n");
    return 2;
}
