-- CreateTable
CREATE TABLE "FollowerSyncJob" (
    "appId" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "pageCursor" TEXT NOT NULL DEFAULT '',
    "pageOffset" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Follower" (
    "appId" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "subscribe" INTEGER NOT NULL,
    "language" TEXT,
    "subscribeTime" DATETIME,
    "unionid" TEXT,
    "remark" TEXT,
    "tagIds" TEXT NOT NULL DEFAULT ',',
    "subscribeScene" TEXT,
    "qrScene" INTEGER,
    "qrSceneStr" TEXT,
    "syncJobId" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("appId", "openid")
);

-- CreateIndex
CREATE INDEX "Follower_appId_subscribeTime_idx" ON "Follower"("appId", "subscribeTime");
