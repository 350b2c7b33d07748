#include "commands.h"

#include <cstdio>

// PLACEHOLDER until the capture command is built.
int runCaptureCommand(const QStringList&)
{
    std::fprintf(stderr, "rpcscope-cli: 'capture' is not available in this build\n");
    return 2;
}
