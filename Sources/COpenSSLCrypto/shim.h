// OpenSSL's libcrypto (Debian's libssl-dev): the EVP message-digest interface, used for SHA-256.
#include <openssl/evp.h>
