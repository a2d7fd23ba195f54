#include <stdio.h>

int main(void) {
    unsigned int u = 0;
    u--;
    printf("%u\n", u);
    u += 2;
    printf("%u\n", u);
    unsigned char uc = 250;
    uc += 10;
    printf("%u\n", (unsigned)uc);
    int neg = -1;
    unsigned int one = 1;
    printf("%s\n", neg < one ? "less" : "not less");
    printf("%s\n", neg < (int)one ? "less" : "not less");
    unsigned short us = 65535;
    us++;
    printf("%u\n", (unsigned)us);
    unsigned long long big = 0xFFFFFFFFFFFFFFFFULL;
    big += 5;
    printf("%llu\n", big);
    unsigned int count = 0;
    for (unsigned int i = 10; i < 20; i -= 3)
        count++;
    printf("count %u\n", count);
    unsigned int x = 7;
    printf("%u %u\n", x / 2, (x - 8) / 2);
    printf("%u\n", (unsigned)(-3) % 10);
    size_t sz = sizeof(int) * 3;
    printf("%zu\n", sz);
    return 0;
}
