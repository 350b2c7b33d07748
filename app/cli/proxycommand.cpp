#include "commands.h"

#include <cstdio>

// PLACEHOLDER until the proxy command is built.
int runProxyCommand(const QStringList&)
{
    std::fprintf(stderr, "rpcscope-cli: 'proxy' is not available in this build\n");
    return 2;
}
