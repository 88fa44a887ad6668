-- CreateTable
CREATE TABLE "FollowerSyncJob" (
    "appId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "pageCursor" TEXT NOT NULL DEFAULT '',
    "pageOffset" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FollowerSyncJob_pkey" PRIMARY KEY ("appId")
);

-- CreateTable
CREATE TABLE "Follower" (
    "appId" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "subscribe" INTEGER NOT NULL,
    "language" TEXT,
    "subscribeTime" TIMESTAMP(3),
    "unionid" TEXT,
    "remark" TEXT,
    "tagIds" TEXT NOT NULL DEFAULT ',',
    "subscribeScene" TEXT,
    "qrScene" INTEGER,
    "qrSceneStr" TEXT,
    "syncJobId" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Follower_pkey" PRIMARY KEY ("appId","openid")
);

-- CreateIndex
CREATE INDEX "Follower_appId_subscribeTime_idx" ON "Follower"("appId", "subscribeTime");
