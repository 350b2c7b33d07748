#pragma once

#include <QStringList>

// One function per `rpcscope-cli` subcommand. `args` starts with the program name followed by the subcommand's
// own arguments (the subcommand word removed), ready for QCommandLineParser. Each returns the process exit code.
int runDecodeCommand(const QStringList& args);
int runExplainCommand(const QStringList& args);
int runCaptureCommand(const QStringList& args);
int runProxyCommand(const QStringList& args);
int runServeCommand(const QStringList& args);
int runCallCommand(const QStringList& args);
int runDemoCommand(const QStringList& args);
int runCaCommand(const QStringList& args);
