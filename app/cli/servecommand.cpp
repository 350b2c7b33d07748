#include "commands.h"

#include <cstdio>

// PLACEHOLDER until the serve command is built.
int runServeCommand(const QStringList&)
{
    std::fprintf(stderr, "rpcscope-cli: 'serve' is not available in this build\n");
    return 2;
}
