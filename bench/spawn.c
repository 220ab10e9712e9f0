/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spawn.c - holds N sleeping processes for the process-table benchmark: run as
 * `spawn N w2 w3 w4 w5 w6 w7` so every child's command line has 8 words; prints "ready"
 * once all exist, then waits for stdin to close and kills them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int n = atoi(argv[1]);
    pid_t *kids = calloc((size_t)n, sizeof(*kids));
    for (int i = 0; i < n; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            for (;;)
                pause();
        }
        if (kids[i] < 0) {
            perror("fork");
            n = i;
            break;
        }
    }
    printf("ready %d\n", n);
    fflush(stdout);
    char c;
    while (read(0, &c, 1) > 0)
        ;
    for (int i = 0; i < n; i++)
        kill(kids[i], SIGKILL);
    for (int i = 0; i < n; i++)
        waitpid(kids[i], NULL, 0);
    return 0;
}
