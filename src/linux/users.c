/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * users.c - logged-in users on Linux. Sources: the utmp file (<run root>/utmp, glibc's
 * struct utmp records, USER_PROCESS entries: utmp(5)), and where there is none (Debian
 * after utmp's retirement, containers), systemd-logind's session files
 * <run root>/systemd/sessions/<id> ("KEY=value" lines: USER, TTY, REMOTE_HOST,
 * REALTIME in microseconds, LEADER, CLASS, STATE; sd-login's on-disk format).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmp.h>

#include "../os.h"
#include "linux.h"

static int add_user(psutil__pack *pk, const char *name, size_t nlen, const char *tty, size_t tlen,
                    const char *host, size_t hlen, double started, int64_t pid)
{
    psutil_user_t u = {.started = started, .pid = pid};
    /* An X display as the host means the local machine (psutil). */
    if ((hlen == 2 && memcmp(host, ":0", 2) == 0) || (hlen == 4 && memcmp(host, ":0.0", 4) == 0)) {
        host = "localhost";
        hlen = 9;
    }
    int rc = psutil__pack_str(pk, name, nlen, &u.name);
    if (rc == 0)
        rc = psutil__pack_str(pk, tty, tlen, &u.terminal);
    if (rc == 0)
        rc = psutil__pack_str(pk, host, hlen, &u.host);
    return rc ? rc : psutil__pack_add(pk, &u);
}

int psutil__parse_utmp(const char *buf, size_t len, psutil__pack *pk)
{
    struct utmp ut;
    if (len % sizeof(ut) != 0)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "utmp size %zu is not a multiple of %zu", len,
                             sizeof(ut));
    for (size_t off = 0; off < len; off += sizeof(ut)) {
        memcpy(&ut, buf + off, sizeof(ut));
        if (ut.ut_type != USER_PROCESS)
            continue;
        int rc =
            add_user(pk, ut.ut_user, strnlen(ut.ut_user, sizeof(ut.ut_user)), ut.ut_line,
                     strnlen(ut.ut_line, sizeof(ut.ut_line)), ut.ut_host,
                     strnlen(ut.ut_host, sizeof(ut.ut_host)),
                     (double)ut.ut_tv.tv_sec + (double)ut.ut_tv.tv_usec / 1e6, (int64_t)ut.ut_pid);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The value of KEY= in a session file, or NULL; *n its length. */
static const char *session_value(const char *buf, size_t len, const char *key, size_t *n)
{
    psutil__lines it;
    const char *line;
    size_t ln, klen = strlen(key);
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &ln)) {
        if (ln > klen && memcmp(line, key, klen) == 0 && line[klen] == '=') {
            *n = ln - klen - 1;
            return line + klen + 1;
        }
    }
    return NULL;
}

int psutil__parse_logind_session(const char *buf, size_t len, psutil__pack *pk)
{
    size_t nuser, ntty = 0, nhost = 0, nrt = 0, nleader = 0, nclass = 0, nstate = 0;
    const char *user = session_value(buf, len, "USER", &nuser);
    const char *tty = session_value(buf, len, "TTY", &ntty);
    const char *host = session_value(buf, len, "REMOTE_HOST", &nhost);
    const char *rt = session_value(buf, len, "REALTIME", &nrt);
    const char *leader = session_value(buf, len, "LEADER", &nleader);
    const char *cls = session_value(buf, len, "CLASS", &nclass);
    const char *state = session_value(buf, len, "STATE", &nstate);
    uint64_t usec = 0, lpid = 0;
    if (!user)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "session without USER");
    /* Greeters, lock screens and background sessions are not logged-in users. */
    if (cls && !(nclass == 4 && memcmp(cls, "user", 4) == 0))
        return 0;
    if (state && nstate == 7 && memcmp(state, "closing", 7) == 0)
        return 0;
    if (rt && psutil__parse_u64_field(rt, nrt, &usec) != 0)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "bad REALTIME");
    if (leader && (psutil__parse_u64_field(leader, nleader, &lpid) != 0 || lpid > INT32_MAX))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "bad LEADER");
    return add_user(pk, user, nuser, tty ? tty : "", ntty, host ? host : "", nhost,
                    (double)usec / 1e6, leader ? (int64_t)lpid : -1);
}

static int cmp_started(const void *a, const void *b)
{
    const psutil_user_t *x = a, *y = b;
    return x->started < y->started ? -1 : x->started > y->started;
}

static int logind_users(psutil__pack *pk)
{
    psutil__buf b = {0};
    int run = psutil__root_open(PSUTIL__ROOT_RUN), rc = 0;
    if (run < 0) /* no run directory: nobody is logged in that we can tell */
        return psutil__root_absent_or(run);
    DIR *d = psutil__opendirat(run, "systemd/sessions");
    int fd = d ? dirfd(d) : -1, err = d ? 0 : errno;
    struct dirent *e;
    while (rc == 0 && d && (e = psutil__readdir(d, &err)) != NULL) {
        struct stat st;
        /* Session files are named by id; "<id>.ref" are FIFOs for the session's fds. */
        if (e->d_name[0] == '.' || strchr(e->d_name, '.') || fstatat(fd, e->d_name, &st, 0) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        int r = psutil__read_at(fd, e->d_name, &b, NULL);
        if (r == PSUTIL_ENOMEM)
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "session file");
        else if (r == 0)
            rc = psutil__parse_logind_session(b.data, b.len, pk);
        if (rc == PSUTIL_EPARSE) {
            char path[PSUTIL__ROOT_MAX + 300], root[PSUTIL__ROOT_MAX];
            psutil__root_path(PSUTIL__ROOT_RUN, root);
            snprintf(path, sizeof(path), "%s/systemd/sessions/%s", root, e->d_name);
            rc = psutil__error_context(path, NULL);
        }
    }
    if (d)
        closedir(d);
    close(run);
    psutil__buf_release(&b);
    if (rc == 0)
        rc = psutil__listing_error(err, "systemd/sessions");
    /* Directory order is arbitrary: oldest session first, as utmp would list them. */
    if (rc == 0 && pk->n > 1)
        qsort(pk->recs, pk->n, pk->recsize, cmp_started);
    return rc;
}

int psutil__os_users(psutil_user_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_user);
    int run = psutil__root_open(PSUTIL__ROOT_RUN), rc = 0, r = PSUTIL_EOS, err = ENOENT;
    if (run >= 0) {
        r = psutil__read_at(run, "utmp", &b, &err);
        close(run);
    }
    if (r == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_RUN, "utmp",
                                        psutil__parse_utmp(b.data, b.len, &pk));
    else if (err == ENOENT)
        rc = logind_users(&pk);
    else
        rc = psutil__error_from_errno(err, "utmp");
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}
