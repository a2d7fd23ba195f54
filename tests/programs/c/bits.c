#include <stdio.h>

int main(void) {
    unsigned int n = 0xF0F0u;
    printf("%u %u %u\n", n >> 4, n << 4, ~n);
    int count = 0;
    for (unsigned int v = 0xB6u; v != 0; v &= v - 1)
        count++;
    printf("%d\n", count);
    unsigned int x = 12, y = 10;
    x ^= y;
    y ^= x;
    x ^= y;
    printf("%u %u\n", x, y);
    unsigned long long mask = 0;
    for (int i = 0; i < 64; i += 9)
        mask |= 1ULL << i;
    printf("%llx\n", mask);
    int neg = -16;
    printf("%d\n", neg / 4);
    printf("%d %d\n", (5 & 3) == 1, 5 & (3 == 1));
    unsigned char c = 0x81;
    unsigned char rot = (unsigned char)((c << 1) | (c >> 7));
    printf("%u\n", (unsigned)rot);
    return 0;
}
