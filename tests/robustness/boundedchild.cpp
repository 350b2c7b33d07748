#include "boundedchild.h"

#include <QElapsedTimer>
#include <QFile>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCSCOPE_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RPCSCOPE_UNDER_ASAN 1
#endif

namespace rpcscope::test {

namespace {

// The address space the process uses now, from /proc/self/statm (first field, in pages).
qint64 currentAddressSpace()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.isEmpty() ? -1 : fields.first().toLongLong() * sysconf(_SC_PAGESIZE);
}

void writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

} // namespace

bool underAddressSanitizer()
{
#ifdef RPCSCOPE_UNDER_ASAN
    return true;
#else
    return false;
#endif
}

BoundedResult runWithMemoryBound(qint64 headroomBytes, const std::function<QString()>& work, int timeoutMs)
{
    BoundedResult result;
    int fds[2];
    if (::pipe(fds) != 0) {
        result.failure = QStringLiteral("pipe() failed");
        return result;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        result.failure = QStringLiteral("fork() failed");
        return result;
    }
    if (pid == 0) {
        ::close(fds[0]);
        // The test framework's crash handler would attach a debugger to print the stack: a crash here is an
        // expected outcome to report, quickly.
        for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
            ::signal(sig, SIG_DFL);
        const qint64 now = currentAddressSpace();
        if (now > 0 && headroomBytes > 0) {
            const rlimit limit {static_cast<rlim_t>(now + headroomBytes), static_cast<rlim_t>(now + headroomBytes)};
            ::setrlimit(RLIMIT_AS, &limit);
        }
        const QString text = work();
        writeAll(fds[1], text.toUtf8());
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    bool reaped = false;
    char buffer[4096];
    // The child writes its text at the end; read as it comes so a long text cannot block it on a full pipe.
    while (!reaped) {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0) {
            output.append(buffer, n);
            continue;
        }
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            reaped = true;
            break;
        }
        if (timer.elapsed() > timeoutMs) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            ::close(fds[0]);
            result.failure = QStringLiteral("timed out after %1 ms").arg(timeoutMs);
            return result;
        }
        ::usleep(10000);
    }
    ssize_t n;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
        output.append(buffer, n);
    ::close(fds[0]);
    result.output = QString::fromUtf8(output);
    if (WIFSIGNALED(status))
        result.failure
            = QStringLiteral("killed by signal %1 (%2)").arg(WTERMSIG(status)).arg(strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status) != 0)
        result.failure = QStringLiteral("exited with %1").arg(WEXITSTATUS(status));
    else
        result.completed = true;
    return result;
}

} // namespace rpcscope::test
