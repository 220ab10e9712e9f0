/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * refresh.c - CPU per refresh of a process table taken again and again, measured with
 * getrusage around N refreshes (setup and the first refresh excluded):
 *   refresh floor N        the refresh floor: /proc/PID/stat and statm of every pid
 *                          opened once, then pread at offset 0 each refresh, nothing
 *                          parsed (what any refresh of those files costs at least)
 *   refresh floor-list N   the same plus one listing of /proc per refresh (how a
 *                          refresh finds new pids)
 *   refresh floor-top N    the same plus an fstat of each kept /proc/PID directory (its
 *                          owner: top's USER): every syscall a refresh of top's fields
 *                          needs, nothing else
 *   refresh monitor N      psutil_proc_monitor_refresh with psutil top's fields (files
 *                          stat and statm; the command line cached) and its rates
 *   refresh table N        psutil_proc_table with the same fields (every file opened
 *                          each time) and psutil_proc_table_rates
 *   refresh floor-groups N what process-exporter's figures cost at least: one listing
 *                          of /proc, then per pid pread of kept stat, status and io fds,
 *                          an fstat of the kept fd/ (its size is the count) and
 *                          prlimit(RLIMIT_NOFILE), nothing parsed
 *   refresh groups N       psutil_proc_monitor_refresh with the fields `psutil serve
 *                          --config.path` reads for its groups
 * Prints "MODE ROWS CPU_MS_PER_REFRESH".
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "psutil.h"

#define GROUP_FIELDS                                                                               \
    (PSUTIL_PF_PPID | PSUTIL_PF_NAME | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                    \
     PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY | PSUTIL_PF_NUM_THREADS | PSUTIL_PF_IO |             \
     PSUTIL_PF_CTX_SWITCHES | PSUTIL_PF_NUM_FDS | PSUTIL_PF_PAGE_FAULTS | PSUTIL_PF_SWAP |         \
     PSUTIL_PF_NOFILE | PSUTIL_PF_CMDLINE)
#define TOP_FIELDS                                                                                 \
    (PSUTIL_PF_NAME | PSUTIL_PF_EUSER | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                   \
     PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED | PSUTIL_PF_NICE | PSUTIL_PF_NUM_THREADS |                \
     PSUTIL_PF_CMDLINE)

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static char buf[1 << 16];

/* Lists /proc once (the pids are not kept: the floor's listing is its cost only). */
static long list_proc(void)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    long n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] >= '1' && e->d_name[0] <= '9';
    if (d)
        closedir(d);
    return n;
}

/* Opens the files, then times the refreshes: returns their CPU ms. */
static double floor_run(long refreshes, int with_listing, int with_owner, size_t *rows)
{
    size_t cap = 1024, n = 0;
    int *fds = malloc(cap * 3 * sizeof(*fds));
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        int dir = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
            continue;
        if (n == cap)
            fds = realloc(fds, (cap *= 2) * 3 * sizeof(*fds));
        fds[3 * n] = openat(dir, "stat", O_RDONLY | O_CLOEXEC);
        fds[3 * n + 1] = openat(dir, "statm", O_RDONLY | O_CLOEXEC);
        fds[3 * n + 2] = dir;
        n++;
    }
    if (d)
        closedir(d);
    *rows = n;
    double t0 = cpu_ms();
    for (long k = 0; k < refreshes; k++) {
        if (with_listing)
            list_proc();
        for (size_t i = 0; i < n; i++) {
            struct stat st;
            for (size_t f = 3 * i; f < 3 * i + 2; f++) {
                ssize_t got = fds[f] >= 0 ? pread(fds[f], buf, sizeof(buf), 0) : 0;
                (void)got; /* an ended process's fd answers ESRCH, as costly as the monitor's */
            }
            if (with_owner)
                fstat(fds[3 * i + 2], &st);
        }
    }
    double took = cpu_ms() - t0;
    for (size_t i = 0; i < 3 * n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
    return took;
}

/* floor-groups: kept stat, status, io and fd/ per pid; returns the refreshes' CPU ms. */
static double floor_groups(long refreshes, size_t *rows)
{
    enum { STAT, STATUS, IO, FD, PER };
    static const char *const names[] = {"stat", "status", "io", "fd"};
    size_t cap = 1024, n = 0;
    int *fds = malloc(cap * PER * sizeof(*fds));
    pid_t *pids = malloc(cap * sizeof(*pids));
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        int dir = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
            continue;
        if (n == cap) {
            fds = realloc(fds, (cap *= 2) * PER * sizeof(*fds));
            pids = realloc(pids, cap * sizeof(*pids));
        }
        for (int f = 0; f < PER; f++)
            fds[PER * n + f] =
                openat(dir, names[f], O_RDONLY | O_CLOEXEC | (f == FD ? O_DIRECTORY : 0));
        pids[n++] = (pid_t)atoi(e->d_name);
        close(dir);
    }
    if (d)
        closedir(d);
    *rows = n;
    double t0 = cpu_ms();
    for (long k = 0; k < refreshes; k++) {
        list_proc();
        for (size_t i = 0; i < n; i++) {
            struct stat st;
            for (int f = STAT; f <= IO; f++) {
                ssize_t got =
                    fds[PER * i + f] >= 0 ? pread(fds[PER * i + f], buf, sizeof(buf), 0) : 0;
                (void)got;
            }
            if (fds[PER * i + FD] >= 0)
                fstat(fds[PER * i + FD], &st);
            prlimit(pids[i], RLIMIT_NOFILE, NULL, &rl);
        }
    }
    double took = cpu_ms() - t0;
    for (size_t i = 0; i < PER * n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
    free(pids);
    return took;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr,
                "usage: refresh floor|floor-list|floor-top|floor-groups|monitor|groups|table N\n");
        return 2;
    }
    const char *mode = argv[1];
    long refreshes = atol(argv[2]);
    size_t rows = 0;
    double t0 = 0, t1;
    int rc = 0;
    if (strcmp(mode, "floor-groups") == 0) {
        t1 = floor_groups(refreshes, &rows);
    } else if (strncmp(mode, "floor", 5) == 0) {
        int top = strcmp(mode, "floor-top") == 0;
        t1 = floor_run(refreshes, top || strcmp(mode, "floor-list") == 0, top, &rows);
    } else if (strcmp(mode, "monitor") == 0 || strcmp(mode, "groups") == 0) {
        psutil_proc_monitor_t *m;
        const psutil_proc_row_t *r;
        const psutil_proc_rate_t *t;
        rc = psutil_proc_monitor_new(strcmp(mode, "groups") == 0 ? GROUP_FIELDS : TOP_FIELDS, &m);
        for (long k = 0; rc == 0 && k <= refreshes; k++) {
            if (k == 1)
                t0 = cpu_ms();
            rc = psutil_proc_monitor_refresh(m, &r, &t, &rows);
        }
        t1 = cpu_ms();
        psutil_proc_monitor_free(m);
    } else if (strcmp(mode, "table") == 0) {
        psutil_proc_row_t *prev = NULL, *cur;
        size_t prev_n = 0;
        for (long k = 0; rc == 0 && k <= refreshes; k++) {
            if (k == 1)
                t0 = cpu_ms();
            if ((rc = psutil_proc_table(TOP_FIELDS, &cur, &rows)) != 0)
                break;
            psutil_proc_rate_t *t = malloc((rows ? rows : 1) * sizeof(*t));
            psutil_proc_table_rates(prev, prev_n, cur, rows, 1.0, 1u << 30, t);
            free(t);
            psutil_free(prev);
            prev = cur;
            prev_n = rows;
        }
        t1 = cpu_ms();
        psutil_free(prev);
    } else {
        fprintf(stderr, "refresh: unknown mode '%s'\n", mode);
        return 2;
    }
    if (rc != 0) {
        fprintf(stderr, "refresh: %s\n", psutil_err_name(rc));
        return 1;
    }
    printf("%s %zu %.3f\n", mode, rows, (t1 - t0) / (double)(refreshes > 0 ? refreshes : 1));
    return 0;
}
