/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sendfile_bench.c - one transfer of FILE over loopback TCP to a receiver process, with
 * one of three senders and one of two receivers:
 *   psutil    psutil_sendfile(sock, fd, 0, 0, -1, &sent)
 *   readsend  a read+send loop with a 64 KiB buffer
 *   bare      a bare sendfile(2) loop (the floor)
 * and the receiver (RECEIVER, default drain):
 *   drain     read() into a 1 MiB buffer (a real consumer: it copies every byte)
 *   discard   recv(MSG_TRUNC): TCP drops the bytes without copying them, which
 *             isolates the sender's cost
 * Timed from outside by hyperfine (bench/sendfile.sh). Exits 1 if the receiver did not
 * get every byte.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "psutil.h"

static int die(const char *what)
{
    perror(what);
    exit(1);
}

static int send_readsend(int s, int fd)
{
    static char buf[64 * 1024];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0)
            die("read");
        if (r == 0)
            return 0;
        for (ssize_t pos = 0; pos < r;) {
            ssize_t n = send(s, buf + pos, (size_t)(r - pos), MSG_NOSIGNAL);
            if (n < 0)
                die("send");
            pos += n;
        }
    }
}

static int send_bare(int s, int fd, off_t size)
{
    off_t off = 0;
    while (off < size) {
        ssize_t n = sendfile(s, fd, &off, (size_t)(size - off));
        if (n <= 0)
            die("sendfile");
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    struct stat st;
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: sendfile_bench psutil|readsend|bare FILE [drain|discard]\n");
        return 2;
    }
    int discard = argc == 4 && strcmp(argv[3], "discard") == 0;
    int fd = open(argv[2], O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0)
        die(argv[2]);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(l, 1) != 0 ||
        getsockname(l, (struct sockaddr *)&a, &alen) != 0)
        die("listen");
    pid_t pid = fork();
    if (pid == 0) {
        char *buf = malloc(1 << 20);
        long long got = 0;
        int c = accept(l, NULL, NULL);
        for (ssize_t n; (n = recv(c, buf, 1 << 20, discard ? MSG_TRUNC : 0)) > 0;)
            got += n;
        _exit(got == (long long)st.st_size ? 0 : 1);
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0)
        die("connect");
    if (strcmp(argv[1], "psutil") == 0) {
        uint64_t sent;
        int rc = psutil_sendfile(s, fd, 0, 0, -1, &sent);
        if (rc != 0) {
            fprintf(stderr, "psutil_sendfile: %s\n", psutil_strerror(rc));
            return 1;
        }
    } else if (strcmp(argv[1], "readsend") == 0) {
        send_readsend(s, fd);
    } else if (strcmp(argv[1], "bare") == 0) {
        send_bare(s, fd, st.st_size);
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        return 2;
    }
    close(s);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
