/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * roots.c - where procfs and sysfs are read from. The roots are looked up at every
 * call (setter, then the HOST_PROC/HOST_SYS/HOST_RUN environment variables, then
 * /proc, /sys and /run), so nothing is fixed at load time and a container can read its
 * host's. Opening a root is the OS layer's (src/unix/roots.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static pthread_mutex_t roots_lock = PTHREAD_MUTEX_INITIALIZER;
static char roots_set[3][PSUTIL__ROOT_MAX];

static const char *const root_env[3] = {"HOST_PROC", "HOST_SYS", "HOST_RUN"};
static const char *const root_default[3] = {"/proc", "/sys", "/run"};

/* The environment value if it is usable, else NULL. */
static const char *env_root(enum psutil__root_kind kind)
{
    const char *v = getenv(root_env[kind]);
    if (!v || !*v || strlen(v) >= PSUTIL__ROOT_MAX)
        return NULL;
    return v;
}

void psutil__root_path(enum psutil__root_kind kind, char *buf)
{
    pthread_mutex_lock(&roots_lock);
    if (roots_set[kind][0]) {
        memcpy(buf, roots_set[kind], PSUTIL__ROOT_MAX);
    } else {
        const char *v = env_root(kind);
        strcpy(buf, v ? v : root_default[kind]);
    }
    pthread_mutex_unlock(&roots_lock);
}

int psutil__root_is_default(enum psutil__root_kind kind)
{
    char buf[PSUTIL__ROOT_MAX];
    psutil__root_path(kind, buf);
    return strcmp(buf, root_default[kind]) == 0;
}

static int set_root(enum psutil__root_kind kind, const char *path)
{
    struct stat st;
    if (path) {
        if (strlen(path) >= PSUTIL__ROOT_MAX)
            return psutil__error(PSUTIL_EINVAL, ENAMETOOLONG, NULL, "root path too long");
        if (stat(path, &st) != 0)
            return psutil__error(PSUTIL_EINVAL, errno, path, "root does not exist");
        if (!S_ISDIR(st.st_mode))
            return psutil__error(PSUTIL_EINVAL, ENOTDIR, path, "root is not a directory");
    }
    pthread_mutex_lock(&roots_lock);
    if (path)
        strcpy(roots_set[kind], path);
    else
        roots_set[kind][0] = '\0';
    pthread_mutex_unlock(&roots_lock);
    return 0;
}

static int get_root(enum psutil__root_kind kind, char *buf, size_t size)
{
    char cur[PSUTIL__ROOT_MAX];
    if (!buf)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL buffer");
    psutil__root_path(kind, cur);
    size_t n = strlen(cur);
    if (n + 1 > size)
        return psutil__error(PSUTIL_ENOBUFS, 0, NULL, "root needs %zu bytes", n + 1);
    memcpy(buf, cur, n + 1);
    return 0;
}

int psutil_set_root(int kind, const char *path)
{
    if (kind < PSUTIL_ROOT_PROC || kind > PSUTIL_ROOT_RUN)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown root kind %d", kind);
    return set_root((enum psutil__root_kind)kind, path);
}

int psutil_get_root(int kind, char *buf, size_t size)
{
    if (kind < PSUTIL_ROOT_PROC || kind > PSUTIL_ROOT_RUN)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown root kind %d", kind);
    return get_root((enum psutil__root_kind)kind, buf, size);
}

int psutil_set_procfs_root(const char *path)
{
    return psutil_set_root(PSUTIL_ROOT_PROC, path);
}

int psutil_set_sysfs_root(const char *path)
{
    return psutil_set_root(PSUTIL_ROOT_SYS, path);
}

int psutil_set_run_root(const char *path)
{
    return psutil_set_root(PSUTIL_ROOT_RUN, path);
}

int psutil_get_procfs_root(char *buf, size_t size)
{
    return psutil_get_root(PSUTIL_ROOT_PROC, buf, size);
}

int psutil_get_sysfs_root(char *buf, size_t size)
{
    return psutil_get_root(PSUTIL_ROOT_SYS, buf, size);
}

int psutil_get_run_root(char *buf, size_t size)
{
    return psutil_get_root(PSUTIL_ROOT_RUN, buf, size);
}
