-- CreateTable
CREATE TABLE "AccountEvent" (
    "appId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountEvent_pkey" PRIMARY KEY ("appId","key")
);

-- CreateIndex
CREATE INDEX "AccountEvent_appId_day_idx" ON "AccountEvent"("appId", "day");
