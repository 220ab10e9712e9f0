/* SPDX-License-Identifier: BSD-3-Clause */
/* watch_pid: waits until a process ends (at most TIMEOUT seconds, default no limit) and
 * says how long it watched. The handle proves the process's identity, so a pid reused
 * while waiting is not mistaken for the watched process.
 *   watch_pid PID [TIMEOUT] */
#include <psutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: watch_pid PID [TIMEOUT]\n");
        return 2;
    }
    psutil_proc_t *p;
    char *name = NULL;
    int rc = psutil_proc_open((psutil_pid_t)atoll(argv[1]), &p);
    if (rc == 0)
        rc = psutil_proc_name(p, &name);
    if (rc != 0) {
        fprintf(stderr, "watch_pid: %s: %s\n", argv[1], psutil_strerror(rc));
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    psutil_exit_t st;
    rc = psutil_proc_wait(p, argc > 2 ? atof(argv[2]) : -1.0, &st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc == PSUTIL_ETIMEOUT)
        printf("%s (pid %s) still running after %.1f s\n", name, argv[1], s);
    else if (rc != 0)
        fprintf(stderr, "watch_pid: %s\n", psutil_strerror(rc));
    else if (st.known)
        printf("%s (pid %s) ended after %.1f s with status %d\n", name, argv[1], s, st.exit_code);
    else
        printf("%s (pid %s) ended after %.1f s\n", name, argv[1], s);
    psutil_free(name);
    psutil_proc_close(p);
    return rc == 0 ? 0 : 1;
}
