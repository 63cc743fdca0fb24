#include "crs4a_image_io.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

static void set_err(char *err, size_t err_len, const char *msg) {
    if (err && err_len) snprintf(err, err_len, "%s", msg);
}

int crs4a_gunzip(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) { set_err(err, err_len, "zlib: inflateInit2 failed"); return 1; }
    size_t cap = in_len * 4 + 1024, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) { inflateEnd(&s); set_err(err, err_len, "out of memory"); return 2; }
    s.next_in = (Bytef *)in;
    size_t remaining = in_len;
    for (;;) {
        // zlib counts input in uInt; feed large inputs in pieces.
        if (s.avail_in == 0 && remaining > 0) {
            uInt chunk = remaining > 0x40000000u ? 0x40000000u : (uInt)remaining;
            s.avail_in = chunk;
            remaining -= chunk;
        }
        if (len == cap) {
            cap *= 2;
            uint8_t *bigger = realloc(buf, cap);
            if (!bigger) { free(buf); inflateEnd(&s); set_err(err, err_len, "out of memory"); return 2; }
            buf = bigger;
        }
        size_t room = cap - len;
        s.next_out = buf + len;
        s.avail_out = room > 0x40000000u ? 0x40000000u : (uInt)room;
        uInt before = s.avail_out;
        int rc = inflate(&s, Z_NO_FLUSH);
        len += before - s.avail_out;
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members: continue with the next one if input remains.
            if (s.avail_in == 0 && remaining == 0) break;
            if (inflateReset(&s) != Z_OK) { free(buf); inflateEnd(&s); set_err(err, err_len, "zlib: reset failed"); return 3; }
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            char msg[160];
            snprintf(msg, sizeof msg, "zlib: corrupt gzip data (%s)", s.msg ? s.msg : "unknown error");
            free(buf); inflateEnd(&s); set_err(err, err_len, msg); return 3;
        }
        if (rc == Z_BUF_ERROR && s.avail_in == 0 && remaining == 0 && s.avail_out > 0) {
            free(buf); inflateEnd(&s); set_err(err, err_len, "zlib: truncated gzip data"); return 3;
        }
    }
    inflateEnd(&s);
    *out = buf;
    *out_len = len;
    return 0;
}

struct jpeg_error_jump {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void jpeg_error_exit_jump(j_common_ptr info) {
    struct jpeg_error_jump *e = (struct jpeg_error_jump *)info->err;
    (*info->err->format_message)(info, e->message);
    longjmp(e->jump, 1);
}

int crs4a_jpeg_decode_rgb(const uint8_t *in, size_t in_len, uint8_t **out, int *width, int *height,
                          char *err, size_t err_len) {
    struct jpeg_decompress_struct info;
    struct jpeg_error_jump jerr;
    uint8_t *volatile buf = NULL;
    JSAMPLE *volatile line = NULL;  // one CMYK row (CMYK files only)
    info.err = jpeg_std_error(&jerr.base);
    jerr.base.error_exit = jpeg_error_exit_jump;
    if (setjmp(jerr.jump)) {
        char msg[JMSG_LENGTH_MAX + 16];
        snprintf(msg, sizeof msg, "libjpeg: %s", jerr.message);
        set_err(err, err_len, msg);
        jpeg_destroy_decompress(&info);
        free(buf);
        free(line);
        return 1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, (unsigned char *)in, (unsigned long)in_len);
    jpeg_read_header(&info, TRUE);
    // libjpeg cannot convert CMYK/YCCK to RGB itself (a few ImageNet files are CMYK): read CMYK
    // and convert below as PIL does (r = 255 − min(255, c + k), on Adobe's inverted values).
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * 3;
    buf = malloc(stride * info.output_height);
    line = cmyk ? malloc((size_t)info.output_width * 4) : NULL;
    if (!buf || (cmyk && !line)) {
        free(buf);
        free(line);
        jpeg_destroy_decompress(&info);
        set_err(err, err_len, "out of memory");
        return 2;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buf + stride * info.output_scanline;
        if (!cmyk) {
            jpeg_read_scanlines(&info, &row, 1);
            continue;
        }
        JSAMPROW src = line;
        jpeg_read_scanlines(&info, &src, 1);
        for (JDIMENSION x = 0; x < info.output_width; x++) {
            int c = src[4 * x], m = src[4 * x + 1], yy = src[4 * x + 2], k = src[4 * x + 3];
            if (info.saw_Adobe_marker) { c = 255 - c; m = 255 - m; yy = 255 - yy; k = 255 - k; }
            row[3 * x] = (JSAMPLE)(c + k >= 255 ? 0 : 255 - c - k);
            row[3 * x + 1] = (JSAMPLE)(m + k >= 255 ? 0 : 255 - m - k);
            row[3 * x + 2] = (JSAMPLE)(yy + k >= 255 ? 0 : 255 - yy - k);
        }
    }
    free(line);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    *out = buf;
    return 0;
}

int crs4a_png_decode_rgb(const uint8_t *in, size_t in_len, uint8_t **out, int *width, int *height,
                         char *err, size_t err_len) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, in, in_len)) {
        char msg[128];
        snprintf(msg, sizeof msg, "libpng: %s", image.message);
        set_err(err, err_len, msg);
        return 1;
    }
    image.format = PNG_FORMAT_RGB;
    size_t size = PNG_IMAGE_SIZE(image);
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) { png_image_free(&image); set_err(err, err_len, "out of memory"); return 2; }
    png_color black = {0, 0, 0};
    if (!png_image_finish_read(&image, &black, buf, 0, NULL)) {
        char msg[128];
        snprintf(msg, sizeof msg, "libpng: %s", image.message);
        set_err(err, err_len, msg);
        free(buf);
        png_image_free(&image);
        return 1;
    }
    *width = (int)image.width;
    *height = (int)image.height;
    *out = buf;
    return 0;
}

int crs4a_png_encode_rgb(const uint8_t *rgb, int width, int height, uint8_t **out, size_t *out_len,
                         char *err, size_t err_len) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    if (!png_image_write_get_memory_size(image, size, 0, rgb, 0, NULL)) {
        char msg[128];
        snprintf(msg, sizeof msg, "libpng: %s", image.message);
        set_err(err, err_len, msg);
        return 1;
    }
    uint8_t *buf = malloc(size);
    if (!buf) { set_err(err, err_len, "out of memory"); return 2; }
    if (!png_image_write_to_memory(&image, buf, &size, 0, rgb, 0, NULL)) {
        char msg[128];
        snprintf(msg, sizeof msg, "libpng: %s", image.message);
        set_err(err, err_len, msg);
        free(buf);
        return 1;
    }
    *out = buf;
    *out_len = size;
    return 0;
}

void crs4a_free(void *p) { free(p); }
