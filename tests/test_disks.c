/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_disks.c - partitions, usage and I/O counters: parsers on fixtures (escaped
 * mountpoints, old and new diskstats layouts, malformed lines), the API on a fixture
 * tree, the nowrap tracker, bad input (including a real EACCES as an unprivileged
 * user), and live values against findmnt, df -B1 -P, /proc/diskstats and python3-psutil.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "linux/linux.h"

/* --- parsers ---------------------------------------------------------------------- */

TEST(mount_lines_decode_octal_escapes)
{
    const char *f[4];
    char scratch[256];
    const char *line = "/dev/sdb1 /media/my\\040disk\\011tab\\134x fuseblk rw,nosuid 0 0";
    CHECK_OK(psutil__parse_mount_line(line, strlen(line), scratch, f));
    CHECK(strcmp(f[0], "/dev/sdb1") == 0);
    CHECK(strcmp(f[1], "/media/my disk\ttab\\x") == 0);
    CHECK(strcmp(f[2], "fuseblk") == 0);
    CHECK(strcmp(f[3], "rw,nosuid") == 0);
    /* A raw NUL would cut a field short (the fuzzer's find): malformed, like \000. */
    static const char nul[] = "/dev/sd\0b1 /mnt ext4 rw 0 0";
    CHECK_RC(psutil__parse_mount_line(nul, sizeof(nul) - 1, scratch, f), PSUTIL_EPARSE);
    static const char *const bad[] = {"malformed/mounts-bad-escape", "malformed/mounts-short",
                                      "malformed/mounts-nul-escape"};
    for (size_t i = 0; i < 3; i++) {
        size_t len;
        char *s = slurp(fixture(bad[i]), &len);
        char *scr = malloc(len + 8);
        CHECK_MSG(psutil__parse_mount_line(s, len, scr, f) == PSUTIL_EPARSE, "%s accepted", bad[i]);
        free(scr);
        free(s);
    }
}

TEST(filesystems_nodev_rule)
{
    size_t len;
    char *s = slurp(fixture("disks/proc/filesystems"), &len);
    CHECK(psutil__fs_is_physical(s, len, "ext4"));
    CHECK(psutil__fs_is_physical(s, len, "vfat"));
    CHECK(psutil__fs_is_physical(s, len, "zfs")); /* nodev, but kept (psutil 1307) */
    CHECK(!psutil__fs_is_physical(s, len, "tmpfs"));
    CHECK(!psutil__fs_is_physical(s, len, "proc"));
    CHECK(!psutil__fs_is_physical(s, len, "ext"));    /* no prefix matches */
    CHECK(!psutil__fs_is_physical(s, len, "nosuch")); /* unknown types are not physical */
    free(s);
}

struct seen {
    int n;
    char names[16][32];
    uint64_t v[16][PSUTIL__DISK_NVALS];
};

static int record(void *arg, const char *name, const uint64_t *v)
{
    struct seen *s = arg;
    if (s->n < 16) {
        snprintf(s->names[s->n], 32, "%s", name);
        memcpy(s->v[s->n], v, sizeof(s->v[0]));
    }
    s->n++;
    return 0;
}

TEST(diskstats_layouts)
{
    size_t len;
    struct seen s = {0};
    char *buf = slurp(fixture("disks/proc/diskstats"), &len);
    CHECK_OK(psutil__parse_diskstats(buf, len, record, &s));
    free(buf);
    CHECK(s.n == 9);
    /* sda, 17 counters (Linux 5.5+). Order: reads, writes, rbytes, wbytes, rtime,
     * wtime, rmerged, wmerged, busy, weighted, discards (count, merged, bytes, time),
     * flushes (count, time), in progress, major, minor, column count. */
    CHECK(strcmp(s.names[0], "sda") == 0);
    const uint64_t sda[] = {52376,
                            95000,
                            3617722ull * 512,
                            6123456ull * 512,
                            20844,
                            210000,
                            12001,
                            41000,
                            61000,
                            240000,
                            510,
                            20,
                            8192 * 512,
                            330,
                            1200,
                            3400,
                            7,
                            8,
                            0,
                            17};
    for (int k = 0; k < PSUTIL__DISK_NVALS; k++)
        CHECK_MSG(s.v[0][k] == sda[k], "sda[%d] = %llu, want %llu", k,
                  (unsigned long long)s.v[0][k], (unsigned long long)sda[k]);
    /* nvme0n1: the 11-counter layout of kernels before 4.18: no discards or flushes. */
    CHECK(strcmp(s.names[3], "nvme0n1") == 0 && s.v[3][8] == 1300 && s.v[3][9] == 1400 &&
          s.v[3][10] == 0 && s.v[3][14] == 0 && s.v[3][17] == 259 && s.v[3][18] == 0 &&
          s.v[3][19] == 11 && s.v[5][19] == 20 && s.v[6][19] == 4);
    /* sdb1: the 4-counter partition layout of 2.6.0-2.6.24. */
    CHECK(strcmp(s.names[6], "sdb1") == 0);
    CHECK(s.v[6][0] == 8 && s.v[6][2] == 64 * 512 && s.v[6][1] == 0 && s.v[6][4] == 0);
    CHECK(strcmp(s.names[7], "cciss/c0d0") == 0);
    /* Sectors that do not fit in bytes saturate instead of failing or wrapping. */
    struct seen o = {0};
    buf = slurp(fixture("malformed/diskstats-overflow"), &len);
    CHECK_OK(psutil__parse_diskstats(buf, len, record, &o));
    free(buf);
    CHECK(o.n == 1 && o.v[0][2] == UINT64_MAX && o.v[0][0] == 1 && o.v[0][6] == 2);
    static const char *const bad[] = {"malformed/diskstats-short", "malformed/diskstats-junk",
                                      "malformed/diskstats-no-name"};
    for (size_t i = 0; i < 3; i++) {
        struct seen t = {0};
        buf = slurp(fixture(bad[i]), &len);
        CHECK_MSG(psutil__parse_diskstats(buf, len, record, &t) == PSUTIL_EPARSE, "%s accepted",
                  bad[i]);
        CHECK(t.n == 0);
        free(buf);
    }
}

/* --- API on the fixture tree --------------------------------------------------------- */

TEST(partitions_physical_and_all_on_a_fixture)
{
    psutil_disk_partition_t *p;
    size_t n;
    use_roots("disks/proc", "disks/sys", NULL);
    CHECK_OK(psutil_disk_partitions(1, &p, &n));
    CHECK_EQ_U64(n, 10);
    CHECK(strcmp(p[5].mountpoint, "/media/my disk\ttab") == 0);
    CHECK(strcmp(p[7].device, "") == 0); /* "none" */
    CHECK(strcmp(p[8].mountpoint, "/data\\back") == 0);
    psutil_free(p);
    CHECK_OK(psutil_disk_partitions(0, &p, &n));
    /* sysfs, proc, tmpfs (nodev) and the "none" device are dropped; zfs stays. */
    static const char *const want[] = {"/",     "/boot/efi",   "/media/my disk\ttab",
                                       "/home", "/data\\back", "/tank"};
    CHECK_EQ_U64(n, 6);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(strcmp(p[i].mountpoint, want[i]) == 0, "%zu: %s", i, p[i].mountpoint);
    CHECK(strcmp(p[0].device, "/dev/sda2") == 0 && strcmp(p[0].fstype, "ext4") == 0);
    CHECK(strcmp(p[0].opts, "rw,relatime,errors=remount-ro") == 0);
    psutil_free(p);
}

TEST(dev_root_is_resolved_through_sysfs)
{
    /* A tree whose mounts name /dev/root at "/", and whose sysfs knows the device
     * number of this machine's "/" as "testroot". */
    char dir[] = "/tmp/psutil-root-XXXXXX", path[512];
    struct stat st;
    CHECK(mkdtemp(dir) != NULL);
    CHECK(stat("/", &st) == 0);
    if (major(st.st_dev) == 0)
        harness_skip("'/' is not on a block device here (overlay or tmpfs)");
    snprintf(path, sizeof(path), "mkdir -p %s/proc/self %s/sys/dev/block/%u:%u", dir, dir,
             major(st.st_dev), minor(st.st_dev));
    CHECK(run(path, NULL) == 0);
    snprintf(path, sizeof(path), "%s/proc/self/mounts", dir);
    FILE *f = fopen(path, "w");
    fputs("/dev/root / ext4 rw 0 0\nrootfs / rootfs rw 0 0\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/sys/dev/block/%u:%u/uevent", dir, major(st.st_dev),
             minor(st.st_dev));
    f = fopen(path, "w");
    fputs("MAJOR=253\nMINOR=0\nDEVNAME=testroot\nDEVTYPE=disk\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/proc", dir);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, path));
    snprintf(path, sizeof(path), "%s/sys", dir);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_SYS, path));
    psutil_disk_partition_t *p;
    size_t n;
    CHECK_OK(psutil_disk_partitions(1, &p, &n));
    CHECK(n == 2);
    CHECK_MSG(strcmp(p[0].device, "/dev/testroot") == 0, "%s", p[0].device);
    CHECK(strcmp(p[1].device, "/dev/testroot") == 0);
    psutil_free(p);
    snprintf(path, sizeof(path), "rm -rf %s", dir);
    run(path, NULL);
}

TEST(io_counters_total_counts_whole_disks_only)
{
    psutil_disk_io_t tot, *per;
    size_t n;
    use_roots("disks/proc", "disks/sys", NULL);
    CHECK_OK(psutil_disk_io_counters_perdisk(NULL, &per, &n));
    CHECK_EQ_U64(n, 9);
    CHECK(strcmp(per[1].name, "sda1") == 0);
    /* Every field of sda through the public struct: the fixture's nine figures are all
     * distinct, so a field filled from its neighbour fails. */
    CHECK(strcmp(per[0].name, "sda") == 0);
    CHECK_EQ_U64(per[0].read_count, 52376);
    CHECK_EQ_U64(per[0].write_count, 95000);
    CHECK_EQ_U64(per[0].read_bytes, 3617722ull * 512);
    CHECK_EQ_U64(per[0].write_bytes, 6123456ull * 512);
    CHECK_EQ_U64(per[0].read_time, 20844);
    CHECK_EQ_U64(per[0].write_time, 210000);
    CHECK_EQ_U64(per[0].read_merged_count, 12001);
    CHECK_EQ_U64(per[0].write_merged_count, 41000);
    CHECK_EQ_U64(per[0].busy_time, 61000);
    CHECK_EQ_U64(per[0].weighted_time, 240000);
    CHECK_EQ_U64(per[0].discard_count, 510);
    CHECK_EQ_U64(per[0].discard_merged_count, 20);
    CHECK_EQ_U64(per[0].discard_bytes, 8192ull * 512);
    CHECK_EQ_U64(per[0].discard_time, 330);
    CHECK_EQ_U64(per[0].flush_count, 1200);
    CHECK_EQ_U64(per[0].flush_time, 3400);
    CHECK_EQ_U64(per[0].in_progress, 7);
    CHECK(per[0].major == 8 && per[0].minor == 0 && per[5].major == 8 && per[5].minor == 16 &&
          per[3].major == 259 && per[3].weighted_time == 1400 && per[3].discard_count == 0);
    psutil_free(per);
    CHECK_OK(psutil_disk_io_counters(NULL, &tot));
    /* sda + nvme0n1 + sdb + cciss/c0d0 + loop0; never sda1, sda2, nvme0n1p1, sdb1. */
    CHECK_EQ_U64(tot.read_count, 52376 + 1000 + 10 + 500 + 0);
    CHECK_EQ_U64(tot.read_bytes, (3617722ull + 80000 + 80 + 4000) * 512);
    CHECK_EQ_U64(tot.busy_time, 61000 + 1300 + 3 + 50);
    CHECK_EQ_U64(tot.weighted_time, 240000 + 1400 + 3 + 70);
    CHECK_EQ_U64(tot.flush_count, 1200);
    CHECK(tot.in_progress == 0 && tot.major == 0 && tot.minor == 0);
    CHECK(strcmp(tot.name, "") == 0);
}

/* Writes a one-device diskstats into dir/proc/diskstats. */
static void write_diskstats(const char *dir, unsigned long long reads, unsigned long long sectors)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/proc/diskstats", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fprintf(f, "   8 0 sda %llu 0 %llu 0 0 0 0 0 0 0 0\n", reads, sectors);
    fclose(f);
}

TEST(nowrap_tracker_keeps_counters_growing)
{
    char dir[] = "/tmp/psutil-nowrap-XXXXXX", cmd[600];
    psutil_nowrap_t nw, copy;
    psutil_disk_io_t *per, tot;
    size_t n;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/proc %s/sys/block/sda", dir, dir);
    CHECK(run(cmd, NULL) == 0);
    snprintf(cmd, sizeof(cmd), "%s/proc", dir);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, cmd));
    snprintf(cmd, sizeof(cmd), "%s/sys", dir);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_SYS, cmd));
    CHECK_OK(psutil_nowrap_init(&nw));
    write_diskstats(dir, 4294967000ull, 100);
    CHECK_OK(psutil_disk_io_counters_perdisk(&nw, &per, &n));
    CHECK(per[0].read_count == 4294967000ull);
    psutil_free(per);
    write_diskstats(dir, 200, 150); /* the 32-bit read counter wrapped */
    CHECK_OK(psutil_disk_io_counters_perdisk(&nw, &per, &n));
    CHECK_EQ_U64(per[0].read_count, 4294967000ull + 200);
    CHECK_EQ_U64(per[0].read_bytes, 150 * 512); /* untouched field */
    psutil_free(per);
    write_diskstats(dir, 300, 160);
    CHECK_OK(psutil_disk_io_counters_perdisk(&nw, &per, &n));
    CHECK_EQ_U64(per[0].read_count, 4294967000ull + 300);
    psutil_free(per);
    /* Without a tracker: the raw figure. */
    CHECK_OK(psutil_disk_io_counters(NULL, &tot));
    CHECK_EQ_U64(tot.read_count, 300);
    /* One tracker serves one function; a copy is refused. */
    CHECK_RC(psutil_disk_io_counters(&nw, &tot), PSUTIL_OK); /* same kind: disks */
    memcpy(&copy, &nw, sizeof(copy));
    CHECK_RC(psutil_disk_io_counters(&copy, &tot), PSUTIL_EINVAL);
    psutil_nowrap_destroy(&copy); /* ignored */
    psutil_nowrap_destroy(&nw);
    CHECK_RC(psutil_disk_io_counters(&nw, &tot), PSUTIL_EINVAL);
    psutil_nowrap_destroy(&nw);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

TEST(malformed_disk_files_through_the_api)
{
    char dir[] = "/tmp/psutil-badmnt-XXXXXX", cmd[600];
    psutil_disk_partition_t *p = NULL;
    psutil_disk_io_t *per = NULL;
    size_t n = 77;
    psutil_error_info_t e;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/self && cp %s %s/self/mounts && cp %s %s/diskstats",
             dir, fixture("malformed/mounts-bad-escape"), dir, fixture("malformed/diskstats-short"),
             dir);
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    CHECK_RC(psutil_disk_partitions(1, &p, &n), PSUTIL_EPARSE);
    CHECK_OK(psutil_last_error(&e));
    CHECK(strstr(e.path, "self/mounts") && strstr(e.detail, "line 1"));
    CHECK_RC(psutil_disk_io_counters_perdisk(NULL, &per, &n), PSUTIL_EPARSE);
    CHECK(p == NULL && per == NULL && n == 77);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

TEST(disk_usage_bad_paths)
{
    psutil_disk_usage_t u = {.total = 7};
    psutil_error_info_t e;
    CHECK_RC(psutil_disk_usage(NULL, &u), PSUTIL_EINVAL);
    CHECK_RC(psutil_disk_usage("", &u), PSUTIL_EINVAL);
    CHECK_RC(psutil_disk_usage("/", NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_disk_usage("/nonexistent/path", &u), PSUTIL_EINVAL);
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.os_errno == ENOENT && strcmp(e.path, "/nonexistent/path") == 0);
    CHECK_RC(psutil_disk_usage("/etc/hostname/x", &u), PSUTIL_EINVAL);
    CHECK(u.total == 7);
    CHECK_RC(psutil_disk_partitions(0, NULL, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_disk_io_counters(NULL, NULL), PSUTIL_EINVAL);
}

TEST(disk_usage_access_denied_as_an_unprivileged_user)
{
    if (geteuid() != 0)
        harness_skip("needs root to become another user");
    char dir[] = "/tmp/psutil-deny-XXXXXX", sub[600];
    CHECK(mkdtemp(dir) != NULL); /* mode 0700, owned by root */
    snprintf(sub, sizeof(sub), "%s/inner", dir);
    CHECK(mkdir(sub, 0755) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        psutil_disk_usage_t u;
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        _exit(psutil_disk_usage(sub, &u) == PSUTIL_EACCES ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    rmdir(sub);
    rmdir(dir);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", st);
}

/* --- live ------------------------------------------------------------------------------ */

TEST(partitions_match_findmnt_json_and_psutil)
{
    psutil_disk_partition_t *p, *phys;
    size_t n, nphys;
    CHECK_OK(psutil_disk_partitions(1, &p, &n));
    CHECK_OK(psutil_disk_partitions(0, &phys, &nphys));
    /* Our tuples go to the oracle hex-encoded, so no quoting can bend them. */
    char path[] = "/tmp/psutil-parts-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int pass = 0; pass < 2; pass++) {
        psutil_disk_partition_t *v = pass ? phys : p;
        size_t cnt = pass ? nphys : n;
        for (size_t i = 0; i < cnt; i++) {
            const char *fields[4] = {v[i].device, v[i].mountpoint, v[i].fstype, v[i].opts};
            fprintf(f, "%d", pass);
            for (int k = 0; k < 4; k++) {
                fputc(' ', f);
                for (const unsigned char *c = (const unsigned char *)fields[k]; *c; c++)
                    fprintf(f, "%02x", *c);
                if (!fields[k][0])
                    fputc('-', f);
            }
            fputc('\n', f);
        }
    }
    fclose(f);
    char code[2048];
    snprintf(code, sizeof(code),
             "mine = {0: [], 1: []}\n"
             "for line in open('%s'):\n"
             "    w = line.split()\n"
             "    mine[int(w[0])].append(tuple('' if x == '-' else bytes.fromhex(x).decode() "
             "for x in w[1:]))\n"
             "for allflag, key in ((True, 0), (False, 1)):\n"
             "    theirs = [(x.device, x.mountpoint, x.fstype, x.opts) for x in "
             "psutil.disk_partitions(all=allflag)]\n"
             "    print('equal.%%d' %% key, 1 if theirs == mine[key] else 0)\n"
             "    print('n.%%d' %% key, len(theirs))\n"
             "import json, subprocess\n"
             "fm = json.loads(subprocess.check_output(['findmnt', '-J', '-l', '-o', "
             "'TARGET,FSTYPE']))['filesystems']\n"
             "print('findmnt.n', len(fm))\n"
             "print('findmnt.equal', 1 if [(f['target'], f['fstype']) for f in fm] == "
             "[(m[1], m[2]) for m in mine[0]] else 0)",
             path);
    oracle *o = oracle_start(code);
    CHECK_EQ_U64(n, (size_t)oracle_get(o, "n.0"));
    CHECK_EQ_U64(nphys, (size_t)oracle_get(o, "n.1"));
    CHECK_MSG(oracle_get(o, "equal.0") == 1, "all=1 partitions differ from psutil's");
    CHECK_MSG(oracle_get(o, "equal.1") == 1, "physical partitions differ from psutil's");
    /* findmnt -J reads /proc/self/mountinfo: the same mounts, targets and types in order. */
    CHECK_EQ_U64(n, (size_t)oracle_get(o, "findmnt.n"));
    CHECK_MSG(oracle_get(o, "findmnt.equal") == 1, "mounts differ from findmnt -J");
    oracle_finish(o);
    unlink(path);
    psutil_free(phys);
    psutil_free(p);
}

TEST(usage_matches_df_and_psutil)
{
    psutil_disk_partition_t *p;
    size_t n;
    CHECK_OK(psutil_disk_partitions(0, &p, &n));
    CHECK(n > 0);
    for (size_t i = 0; i < n; i++) {
        psutil_disk_usage_t u;
        char cmd[1200], *out;
        unsigned long long blocks, used, avail;
        CHECK_OK(psutil_disk_usage(p[i].mountpoint, &u));
        snprintf(cmd, sizeof(cmd), "df -B1 -P '%s' | tail -n 1", p[i].mountpoint);
        CHECK(run(cmd, &out) == 0);
        /* Filesystem 1-blocks Used Available Capacity Mounted-on */
        CHECK(sscanf(out, "%*s %llu %llu %llu", &blocks, &used, &avail) == 3);
        free(out);
        CHECK_EQ_U64(u.total, blocks);
        /* Other processes write meanwhile: 16 MiB. */
        CHECK_NEAR(u.used, used, 16.0 * 1024 * 1024);
        CHECK_NEAR(u.free, avail, 16.0 * 1024 * 1024);
    }
    psutil_disk_usage_t root;
    CHECK_OK(psutil_disk_usage("/", &root));
    oracle *o = oracle_start("u = psutil.disk_usage('/')\n"
                             "for k in u._fields: print(k, getattr(u, k))");
    CHECK_EQ_U64(root.total, (unsigned long long)oracle_get(o, "total"));
    CHECK_NEAR(root.used, oracle_get(o, "used"), 16.0 * 1024 * 1024);
    CHECK_NEAR(root.free, oracle_get(o, "free"), 16.0 * 1024 * 1024);
    CHECK_NEAR(root.percent, oracle_get(o, "percent"), 0.1); /* psutil rounds to 0.1 */
    oracle_finish(o);
    psutil_free(p);
}

TEST(io_counters_bracket_diskstats_and_psutil)
{
    psutil_disk_io_t *a, *b, ta, tb;
    size_t na, nb;
    CHECK_OK(psutil_disk_io_counters_perdisk(NULL, &a, &na));
    CHECK_OK(psutil_disk_io_counters(NULL, &ta));
    char *direct = slurp("/proc/diskstats", NULL);
    oracle *o = oracle_start("d = psutil.disk_io_counters(perdisk=True)\n"
                             "print('n', len(d))\n"
                             "for name, c in d.items():\n"
                             "    print(name + '.reads', c.read_count)\n"
                             "    print(name + '.wbytes', c.write_bytes)\n"
                             "    print(name + '.busy', c.busy_time)\n"
                             "t = psutil.disk_io_counters()\n"
                             "print('total.reads', t.read_count)\n"
                             "print('total.wbytes', t.write_bytes)");
    CHECK_OK(psutil_disk_io_counters_perdisk(NULL, &b, &nb));
    CHECK_OK(psutil_disk_io_counters(NULL, &tb));
    CHECK(na == nb && na == (size_t)oracle_get(o, "n"));
    for (size_t i = 0; i < na; i++) {
        char key[128], prefix[64];
        unsigned long long reads;
        CHECK(strcmp(a[i].name, b[i].name) == 0);
        snprintf(key, sizeof(key), "%s.reads", a[i].name);
        CHECK_BETWEEN(oracle_get(o, key), a[i].read_count, b[i].read_count, 0);
        snprintf(key, sizeof(key), "%s.wbytes", a[i].name);
        CHECK_BETWEEN(oracle_get(o, key), a[i].write_bytes, b[i].write_bytes, 0);
        snprintf(key, sizeof(key), "%s.busy", a[i].name);
        CHECK_BETWEEN(oracle_get(o, key), a[i].busy_time, b[i].busy_time, 0);
        /* The kernel file read directly: "major minor name reads ... weighted ...". */
        snprintf(prefix, sizeof(prefix), " %s ", a[i].name);
        const char *line = strstr(direct, prefix);
        unsigned long long f[11];
        CHECK(line && sscanf(line + strlen(prefix),
                             "%llu %llu %llu %llu %llu %llu %llu %llu %llu "
                             "%llu %llu",
                             &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9],
                             &f[10]) == 11);
        reads = f[0];
        CHECK_BETWEEN(reads, a[i].read_count, b[i].read_count, 0);
        CHECK_BETWEEN(f[10], a[i].weighted_time, b[i].weighted_time, 0);
        const char *ln = line;
        while (ln > direct && ln[-1] != '\n')
            ln--;
        unsigned major, minor;
        CHECK(sscanf(ln, "%u %u", &major, &minor) == 2 && a[i].major == major &&
              a[i].minor == minor);
    }
    CHECK_BETWEEN(oracle_get(o, "total.reads"), ta.read_count, tb.read_count, 0);
    CHECK_BETWEEN(oracle_get(o, "total.wbytes"), ta.write_bytes, tb.write_bytes, 0);
    oracle_finish(o);
    free(direct);
    psutil_free(a);
    psutil_free(b);
}

/* The use HOST_PROC is documented for, made live: a private mount namespace plays the
 * container (a tmpfs only it has), a procfs mounted inside plays the host's /proc
 * mounted into it. Through that root the host's mounts (pid 1's) are listed, not the
 * container's; with the default root the container's own are. */
TEST(a_host_procfs_root_lists_the_hosts_mounts_from_a_private_namespace)
{
    NEED(getuid() == 0, "needs root to make a mount namespace (CI runs as root)");
    char dir[] = "/tmp/psutil-mntns-XXXXXX", ctr[300], hostproc[300];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(ctr, sizeof(ctr), "%s/ctr-only", dir);
    snprintf(hostproc, sizeof(hostproc), "%s/hostproc", dir);
    CHECK(mkdir(ctr, 0755) == 0 && mkdir(hostproc, 0755) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        /* Exit codes say which step failed; 0 is the right answer. */
        if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            _exit(10);
        if (mount("ctr-only-tmpfs", ctr, "tmpfs", 0, NULL) != 0 ||
            mount("proc", hostproc, "proc", 0, NULL) != 0)
            _exit(11);
        psutil_disk_partition_t *d;
        size_t n;
        int own = 0, host = 0, slash = 0;
        if (psutil_disk_partitions(1, &d, &n) != 0)
            _exit(12);
        for (size_t i = 0; i < n; i++)
            own |= strcmp(d[i].mountpoint, ctr) == 0;
        psutil_free(d);
        if (psutil_set_root(PSUTIL_ROOT_PROC, hostproc) != 0 ||
            psutil_disk_partitions(1, &d, &n) != 0)
            _exit(13);
        for (size_t i = 0; i < n; i++) {
            host |= strcmp(d[i].mountpoint, ctr) == 0;
            slash |= strcmp(d[i].mountpoint, "/") == 0;
        }
        psutil_free(d);
        _exit(!own ? 14 : host ? 15 : !slash ? 16 : 0);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid);
    rmdir(ctr);
    rmdir(hostproc);
    rmdir(dir);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0,
              "step %d failed (14: own tmpfs missing, 15: host shows it, 16: no /)",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* /proc/mdstat: six arrays of a real layout (recovering, resyncing, checking with their
 * progress, raid0, inactive with a spare, bitmap lines) and odd ones: a resync PENDING
 * on a read-only array, linear, raid10 with a failed member recovering after its bitmap
 * line; an array whose
 * size is not a number and one without its [UU] are left out. */
TEST(md_arrays_from_fixtures)
{
    static const struct {
        const char *name, *state, *level;
        int64_t req, act, failed, spare, down;
        uint64_t blocks, synced;
    } want[] = {
        {"md127", "active", "raid1", 2, 2, 0, 0, 0, 1953382464ull, 1953382464ull},
        {"md0", "recovering", "raid5", 4, 3, 1, 1, 1, 5860267008ull, 166349708ull},
        {"md3", "resyncing", "raid6", 4, 4, 0, 0, 0, 3906764800ull, 21504000ull},
        {"md4", "checking", "raid1", 2, 2, 0, 0, 0, 976630336ull, 461065600ull},
        {"md5", "active", "raid0", 2, 2, 0, 0, 0, 1953260544ull, 1953260544ull},
        {"md6", "inactive", "", 0, 0, 0, 1, 0, 1953514496ull, 1953514496ull},
        {"md9", "resyncing", "raid1", 2, 2, 0, 0, 0, 104320, 0},
        {"md8", "active", "linear", 3, 3, 0, 0, 0, 3072, 3072},
        {"md7", "recovering", "raid10", 4, 3, 1, 0, 1, 209584128ull, 26418688ull},
    };
    psutil_md_array_t *a;
    size_t n, w = 0;
    for (int tree = 0; tree < 2; tree++) {
        use_roots(tree ? "wild/mdstat-odd" : "serve/kernel-net", NULL, NULL);
        CHECK_OK(psutil_md_arrays(&a, &n));
        CHECK_EQ_U64(n, tree ? 3 : 6);
        for (size_t i = 0; i < n && w < sizeof(want) / sizeof(want[0]); i++, w++)
            CHECK_MSG(
                strcmp(a[i].name, want[w].name) == 0 && strcmp(a[i].state, want[w].state) == 0 &&
                    strcmp(a[i].level, want[w].level) == 0 && a[i].disks_required == want[w].req &&
                    a[i].disks_active == want[w].act && a[i].disks_failed == want[w].failed &&
                    a[i].disks_spare == want[w].spare && a[i].disks_down == want[w].down &&
                    a[i].blocks == want[w].blocks && a[i].blocks_synced == want[w].synced,
                "%s: %s %s %lld/%lld f%lld s%lld d%lld %llu %llu", a[i].name, a[i].state,
                a[i].level, (long long)a[i].disks_required, (long long)a[i].disks_active,
                (long long)a[i].disks_failed, (long long)a[i].disks_spare,
                (long long)a[i].disks_down, (unsigned long long)a[i].blocks,
                (unsigned long long)a[i].blocks_synced);
        psutil_free(a);
    }
    CHECK_EQ_U64(w, 9);
    /* No md driver (no /proc/mdstat): no arrays, and no error. */
    use_roots("wild/vmstat-odd", NULL, NULL);
    CHECK_OK(psutil_md_arrays(&a, &n));
    CHECK_EQ_U64(n, 0);
    psutil_free(a);
}

/* Live: one array per "mdN : " line of /proc/mdstat, none where the driver is absent. */
TEST(md_arrays_live_match_proc_mdstat)
{
    char *text = slurp("/proc/mdstat", NULL);
    size_t lines = 0, n;
    for (const char *p = text; p && (p = strstr(p, "\nmd")) != NULL; p++)
        lines += strstr(p, " : ") == strchr(p + 1, ' ');
    psutil_md_array_t *a;
    CHECK_OK(psutil_md_arrays(&a, &n));
    CHECK_EQ_U64(n, lines);
    psutil_free(a);
    free(text);
}
