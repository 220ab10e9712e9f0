/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conns.c - holds N established loopback TCP sockets (N/2 connected pairs) in one
 * process for the netstat benchmark; prints "ready N" and waits for stdin to close.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    struct rlimit rl = {(rlim_t)n + 64, (rlim_t)n + 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        perror("setrlimit");
        return 1;
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(l, 4096) != 0 ||
        getsockname(l, (struct sockaddr *)&a, &len) != 0) {
        perror("listen");
        return 1;
    }
    int made = 0;
    for (; made + 2 <= n; made += 2) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) != 0 ||
            accept(l, NULL, NULL) < 0) {
            perror("connect");
            break;
        }
    }
    printf("ready %d\n", made);
    fflush(stdout);
    char ch;
    while (read(0, &ch, 1) > 0)
        ;
    return 0;
}
