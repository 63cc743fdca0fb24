// C helpers of RS4AData: gzip inflation (zlib), JPEG decoding (libjpeg-turbo), PNG decoding and
// encoding (libpng). They exist in C because libjpeg reports errors through longjmp, which Swift
// cannot catch. Every function returns 0 on success or a non-zero code with a message in `err`;
// buffers returned through `out` are malloc'ed and released with crs4a_free.
#ifndef CRS4A_IMAGE_IO_H
#define CRS4A_IMAGE_IO_H
#include <stddef.h>
#include <stdint.h>

/// Inflates a gzip stream (one or more members) into a new buffer.
int crs4a_gunzip(const uint8_t *in, size_t in_len, uint8_t **out, size_t *out_len, char *err, size_t err_len);

/// Decodes a JPEG into 8-bit RGB, row-major H×W×3.
int crs4a_jpeg_decode_rgb(const uint8_t *in, size_t in_len, uint8_t **out, int *width, int *height,
                          char *err, size_t err_len);

/// Decodes a PNG into 8-bit RGB, row-major H×W×3 (alpha composited on black, gray expanded).
int crs4a_png_decode_rgb(const uint8_t *in, size_t in_len, uint8_t **out, int *width, int *height,
                         char *err, size_t err_len);

/// Encodes 8-bit RGB (H×W×3) as a PNG.
int crs4a_png_encode_rgb(const uint8_t *rgb, int width, int height, uint8_t **out, size_t *out_len,
                         char *err, size_t err_len);

/// Releases a buffer returned by the functions above.
void crs4a_free(void *p);

#endif
