#include <stdio.h>
#include <string.h>

struct point {
    int x, y;
};

typedef struct {
    char name[16];
    struct point at;
    int score;
} player;

static void move(struct point *p, int dx, int dy) {
    p->x += dx;
    p->y += dy;
}

static int best(const player *ps, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
        if (ps[i].score > ps[best].score)
            best = i;
    }
    return best;
}

int main(void) {
    player ps[3];
    const char *names[] = {"ann", "bob", "cy"};
    for (int i = 0; i < 3; i++) {
        strcpy(ps[i].name, names[i]);
        ps[i].at.x = i;
        ps[i].at.y = -i;
        ps[i].score = (i * 37) % 5;
    }
    move(&ps[1].at, 3, 4);
    struct point copy = ps[1].at;
    copy.x = 100;
    printf("%d %d %d\n", ps[1].at.x, ps[1].at.y, copy.x);
    int b = best(ps, 3);
    printf("best %s %d\n", ps[b].name, ps[b].score);
    player *p = ps + 2;
    p->score += 10;
    printf("%s %d %d\n", p->name, (*p).score, (int)sizeof(struct point));
    return 0;
}
