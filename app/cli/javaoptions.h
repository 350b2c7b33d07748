#pragma once

#include "jrmp/javamethodtable.h"
#include "result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>

namespace rpcscope {

/// --java-signatures FILE and --java-classpath DIR|JAR[:...], the options decode, capture, proxy and explain share to
/// name Java RMI methods and decode their arguments by type.
class JavaOptions
{
public:
    JavaOptions();

    QList<QCommandLineOption> options() const { return {m_signatures, m_classpath}; }
    /// The methods the options give (null when neither is set); an Error names the file and what is wrong.
    /// `warning` gets a sentence worth telling when the options load but give nothing (no remote interface).
    Result<std::shared_ptr<const JavaMethodTable>> load(const QCommandLineParser& parser, QString& warning) const;

private:
    QCommandLineOption m_signatures;
    QCommandLineOption m_classpath;
};

} // namespace rpcscope
