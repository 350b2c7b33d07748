/* The thinnest TCP relay we know how to write, for tests/bench/proxy_overhead: one thread, epoll, non-blocking
 * sockets, 64 KiB reads, no recording, no decoding, no logging. It is the ceiling any forwarding proxy can reach
 * on this machine: what it loses against the direct path is the cost of the extra hop (two more sockets, a read
 * and a write per chunk each way, wakeups), not of anything a proxy does with the bytes.
 *   proxy_overhead_relay LISTEN_PORT UPSTREAM_PORT      (both on 127.0.0.1; prints "ready" once listening) */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { kChunk = 65536, kMaxFds = 4096 };

/* One direction of a relayed connection: bytes read from `from` wait in `buffer` until `to` takes them. */
struct Pipe {
    int from, to;
    char buffer[kChunk];
    size_t start, end;
};

static struct Pipe *pipes[kMaxFds]; /* indexed by the fd that reads into the pipe */
static struct Pipe *pending[kMaxFds]; /* indexed by the fd that writes out of the pipe */

static void closeBoth(int epoll, struct Pipe *p)
{
    struct Pipe *back = pipes[p->to];
    epoll_ctl(epoll, EPOLL_CTL_DEL, p->from, NULL);
    epoll_ctl(epoll, EPOLL_CTL_DEL, p->to, NULL);
    pipes[p->from] = pipes[p->to] = NULL;
    pending[p->from] = pending[p->to] = NULL;
    close(p->from);
    close(p->to);
    free(p);
    free(back);
}

static void watch(int epoll, int fd, unsigned events)
{
    struct epoll_event e = {.events = events, .data.fd = fd};
    if (epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &e) != 0)
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
}

/* Moves what the pipe holds to its writer; returns 0 when all is written, 1 when the writer is full, -1 on error. */
/* A socket is read while its pipe is empty and written while a pipe waits for it. */
static void rewatch(int epoll, int fd)
{
    unsigned events = (pipes[fd] && pipes[fd]->end == 0 ? EPOLLIN : 0) | (pending[fd] ? EPOLLOUT : 0);
    watch(epoll, fd, events);
}

static int flush(struct Pipe *p)
{
    while (p->start < p->end) {
        ssize_t n = write(p->to, p->buffer + p->start, p->end - p->start);
        if (n < 0)
            return errno == EAGAIN ? 1 : -1;
        p->start += (size_t)n;
    }
    p->start = p->end = 0;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LISTEN_PORT UPSTREAM_PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in listenAddress = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
    struct sockaddr_in upstream = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    inet_pton(AF_INET, "127.0.0.1", &listenAddress.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &upstream.sin_addr);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listener, (struct sockaddr *)&listenAddress, sizeof listenAddress) != 0 || listen(listener, 1024) != 0) {
        perror("listen");
        return 1;
    }
    int epoll = epoll_create1(0);
    watch(epoll, listener, EPOLLIN);
    printf("ready\n");
    fflush(stdout);
    struct epoll_event events[64];
    for (;;) {
        int count = epoll_wait(epoll, events, 64, -1);
        for (int i = 0; i < count; ++i) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int client = accept(listener, NULL, NULL);
                int server = socket(AF_INET, SOCK_STREAM, 0);
                if (client < 0 || server < 0 || client >= kMaxFds || server >= kMaxFds
                    || connect(server, (struct sockaddr *)&upstream, sizeof upstream) != 0) {
                    close(client);
                    close(server);
                    continue;
                }
                setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                fcntl(client, F_SETFL, O_NONBLOCK);
                fcntl(server, F_SETFL, O_NONBLOCK);
                struct Pipe *up = calloc(1, sizeof *up), *down = calloc(1, sizeof *down);
                up->from = down->to = client;
                up->to = down->from = server;
                pipes[client] = up;
                pipes[server] = down;
                watch(epoll, client, EPOLLIN);
                watch(epoll, server, EPOLLIN);
                continue;
            }
            struct Pipe *in = pipes[fd];
            if (!in)
                continue;
            if ((events[i].events & EPOLLOUT) && pending[fd]) {
                struct Pipe *out = pending[fd];
                int state = flush(out);
                if (state < 0) {
                    closeBoth(epoll, in);
                    continue;
                }
                if (state == 0) {
                    pending[fd] = NULL;
                    rewatch(epoll, fd);
                    rewatch(epoll, out->from);
                }
            }
            if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && in->end == 0) {
                ssize_t n = read(fd, in->buffer, kChunk);
                if (n == 0 || (n < 0 && errno != EAGAIN)) {
                    closeBoth(epoll, in);
                    continue;
                }
                if (n > 0) {
                    in->end = (size_t)n;
                    int state = flush(in);
                    if (state < 0) {
                        closeBoth(epoll, in);
                    } else if (state == 1) { /* the writer is full: stop reading until it drains */
                        pending[in->to] = in;
                        rewatch(epoll, in->to);
                        rewatch(epoll, fd);
                    }
                }
            }
        }
    }
}
