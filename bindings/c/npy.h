/*
 * npy.h — a minimal reader for little-endian, C-ordered .npy files (format 1.x/2.x/3.x)
 * with dtype '<f4' or '<i8', for the rs4a C example and tests. Header-only, C99.
 */
#ifndef RS4A_NPY_H
#define RS4A_NPY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct npy_array {
    char dtype[8];      /* "<f4" or "<i8" */
    int rank;
    int64_t shape[8];
    int64_t count;      /* product of shape */
    void *data;         /* count elements, malloc'd */
} npy_array;

/* Reads `path`; returns 0 on success, else -1 with a message in err (size errlen). */
static int npy_read(const char *path, npy_array *out, char *err, size_t errlen) {
    unsigned char magic[8];
    unsigned char lenbuf[4];
    size_t header_len, elem_size;
    char *header = NULL, *p;
    FILE *f = fopen(path, "rb");
    memset(out, 0, sizeof *out);
    if (!f) { snprintf(err, errlen, "cannot open %s", path); return -1; }
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, "\x93NUMPY", 6) != 0) {
        snprintf(err, errlen, "%s is not a .npy file", path); fclose(f); return -1;
    }
    if (magic[6] == 1) {
        if (fread(lenbuf, 1, 2, f) != 2) goto truncated;
        header_len = (size_t)lenbuf[0] | ((size_t)lenbuf[1] << 8);
    } else {
        if (fread(lenbuf, 1, 4, f) != 4) goto truncated;
        header_len = (size_t)lenbuf[0] | ((size_t)lenbuf[1] << 8) | ((size_t)lenbuf[2] << 16) | ((size_t)lenbuf[3] << 24);
    }
    if (header_len > 65536) { snprintf(err, errlen, "%s: header too long", path); fclose(f); return -1; }
    header = (char *)malloc(header_len + 1);
    if (!header || fread(header, 1, header_len, f) != header_len) goto truncated;
    header[header_len] = '\0';
    if (strstr(header, "'fortran_order': True")) {
        snprintf(err, errlen, "%s: Fortran-ordered arrays are not supported", path); goto fail;
    }
    if (strstr(header, "'<f4'")) strcpy(out->dtype, "<f4");
    else if (strstr(header, "'<i8'")) strcpy(out->dtype, "<i8");
    else { snprintf(err, errlen, "%s: dtype must be '<f4' (float32) or '<i8' (int64)", path); goto fail; }
    p = strstr(header, "'shape': (");
    if (!p) { snprintf(err, errlen, "%s: no shape in header", path); goto fail; }
    p += strlen("'shape': (");
    out->count = 1;
    while (*p && *p != ')') {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p) { p++; continue; }
        if (out->rank == 8 || v < 0) { snprintf(err, errlen, "%s: unsupported shape", path); goto fail; }
        out->shape[out->rank++] = (int64_t)v;
        out->count *= (int64_t)v;
        p = end;
    }
    elem_size = 4;
    if (strcmp(out->dtype, "<i8") == 0) elem_size = 8;
    out->data = malloc(out->count > 0 ? (size_t)out->count * elem_size : 1);
    if (!out->data || fread(out->data, elem_size, (size_t)out->count, f) != (size_t)out->count) goto truncated;
    free(header);
    fclose(f);
    return 0;
truncated:
    snprintf(err, errlen, "%s: truncated file", path);
fail:
    free(header);
    free(out->data);
    out->data = NULL;
    fclose(f);
    return -1;
}

#endif
