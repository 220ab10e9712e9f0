/* SPDX-License-Identifier: BSD-3-Clause */
/* proc_util.h - helpers shared by the process tests: every getter in one table, and
 * children that sleep, exit or become zombies on demand. */
#ifndef PSUTIL_TEST_PROC_UTIL_H
#define PSUTIL_TEST_PROC_UTIL_H

#include "harness.h"

/* One getter, called on a handle; checks ranges when it succeeds; returns its code. */
typedef struct getter {
    const char *name;
    int (*call)(psutil_proc_t *p);
} getter;

extern const getter all_getters[];
extern const size_t n_getters;

/* A child that sleeps until killed; returns its pid. */
int child_sleeping(void);
/* Locks `pages` fresh pages of the caller in memory (status VmLck) through the mlock
 * system call itself: the sanitizers' mlock is a no-op. 0, or -1 when it cannot. */
int lock_pages(size_t pages);
/* A child that exits with code at once and is left unreaped (a zombie once it ran). */
int child_zombie(int code);
/* Waits until pid's /proc stat shows state (e.g. 'Z'); fails the test after 5 s. */
void wait_state(int pid, char state);
/* Waits until pid's command line starts with argv0 (its exec is done: a forked child
 * shows its parent's until then); fails the test after 5 s. */
void wait_argv0(int pid, const char *argv0);
/* A churner: forks a child every millisecond (~1,000 a second, about 20 alive at a
 * time); each child writes "c<pid>" over its argv[0], then sets its comm to the same,
 * lives 20 ms and exits. Returns its pid (kill it with SIGKILL and reap it). */
int start_churner(void);

#endif
