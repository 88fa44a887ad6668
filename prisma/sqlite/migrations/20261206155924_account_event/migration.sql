-- CreateTable
CREATE TABLE "AccountEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "openid" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AccountEvent_appId_day_idx" ON "AccountEvent"("appId", "day");
