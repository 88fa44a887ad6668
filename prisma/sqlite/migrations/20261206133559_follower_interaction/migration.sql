-- CreateTable
CREATE TABLE "FollowerInteraction" (
    "appId" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("appId", "openid")
);
