/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * os_posix.c - the tool's OS layer on Linux and the other POSIX systems (os.h).
 */
#include <ctype.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "cli.h"

const struct cli_command cli_os_commands[] = {
    {"cgtop", cmd_cgtop, "control groups by CPU, memory and I/O, refreshing"},
    {"serve", cmd_serve, "Prometheus metrics over HTTP (node_exporter names)"},
    {"top", cmd_top, "live process viewer (ncurses; -b for batch)"},
};
const size_t cli_os_ncommands = sizeof(cli_os_commands) / sizeof(cli_os_commands[0]);

void cli_os_init(void)
{
    signal(SIGPIPE, SIG_DFL);
}

void cli_os_uname(struct cli_uname *u)
{
    struct utsname uts;
    memset(u, 0, sizeof(*u));
    if (uname(&uts) != 0)
        return;
    snprintf(u->sysname, sizeof(u->sysname), "%s", uts.sysname);
    snprintf(u->nodename, sizeof(u->nodename), "%s", uts.nodename);
    snprintf(u->release, sizeof(u->release), "%s", uts.release);
    snprintf(u->machine, sizeof(u->machine), "%s", uts.machine);
}

int cli_os_locate(const char *path, char **real, uint64_t *dev)
{
    struct stat st;
    char *r = realpath(path, NULL);
    if (!r || stat(r, &st) != 0) {
        free(r);
        return -1;
    }
    *dev = (uint64_t)st.st_dev;
    if (real)
        *real = r;
    else
        free(r);
    return 0;
}

const int cli_os_numeric_users = 1;

int cli_os_pid_width(void)
{
    FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
    long max = 32768;
    if (f) {
        if (fscanf(f, "%ld", &max) != 1)
            max = 32768;
        fclose(f);
    }
    int w = 0;
    for (long v = max; v > 0; v /= 10)
        w++;
    return w < 5 ? 5 : w;
}

long cli_os_uid_of(const char *user)
{
    struct passwd pw, *res = NULL;
    char buf[4096];
    long uid;
    if (getpwnam_r(user, &pw, buf, sizeof(buf), &res) == 0 && res)
        return (long)res->pw_uid;
    if (strcmp(user, "0") == 0)
        return 0;
    return cli_parse_count(user, &uid) == 0 ? uid : -1;
}

/* Every signal name the C library knows (sigabbrev_np), IOT, POLL and the real-time
 * ones. */
int cli_os_signal_number(const char *s)
{
    if (strcasecmp(s, "IOT") == 0)
        return SIGABRT;
    if (strcasecmp(s, "POLL") == 0)
        return SIGIO;
    if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
        int base = toupper((unsigned char)s[4]) == 'N' ? SIGRTMIN : SIGRTMAX;
        long off = 0;
        if (s[5] && ((s[5] != '+' && s[5] != '-') || cli_parse_count(s + 6, &off) != 0))
            return -1;
        int sig = base + (s[5] == '-' ? -(int)off : (int)off);
        return sig >= SIGRTMIN && sig <= SIGRTMAX ? sig : -1;
    }
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        const char *name = sigabbrev_np(sig);
        if (name && strcasecmp(s, name) == 0)
            return sig;
    }
    return -1;
}

const char *cli_os_error_text(int code, char *buf, size_t size)
{
    snprintf(buf, size, "%s", strerror(code));
    return buf;
}
