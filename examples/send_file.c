/* SPDX-License-Identifier: BSD-3-Clause */
/* send_file: sends a file to a TCP server with the kernel's zero-copy path (psutil's
 * socket.sendfile()), giving up after 10 s without progress.
 *   send_file PATH HOST PORT */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <psutil.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: send_file PATH HOST PORT\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    struct addrinfo hints = {0}, *ai;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[2], argv[3], &hints, &ai) != 0) {
        fprintf(stderr, "send_file: cannot resolve %s:%s\n", argv[2], argv[3]);
        return 1;
    }
    int sock = socket(ai->ai_family, SOCK_STREAM, 0);
    if (sock < 0 || connect(sock, ai->ai_addr, ai->ai_addrlen) != 0) {
        perror("connect");
        return 1;
    }
    freeaddrinfo(ai);
    uint64_t sent = 0;
    int rc = psutil_sendfile(sock, fd, 0, 0, 10.0, &sent); /* count 0: to the end of the file */
    if (rc != 0) {
        psutil_error_info_t e;
        psutil_last_error(&e);
        fprintf(stderr, "send_file: %s after %llu bytes (%s)\n", psutil_strerror(rc),
                (unsigned long long)sent, e.detail);
        return 1;
    }
    printf("sent %llu bytes\n", (unsigned long long)sent);
    close(sock);
    close(fd);
    return 0;
}
