<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Attract</name>
    <message>
      <source>Camera unavailable - touch the screen to start</source>
      <translation>摄像头不可用 - 请触摸屏幕开始</translation>
    </message>
    <message>
      <source>Colours, sizes in stock and a helping hand - or touch to start</source>
      <translation>颜色、有货尺码与贴心服务 - 或触摸开始</translation>
    </message>
    <message>
      <source>Hold the tag up to the mirror</source>
      <translation>请将吊牌对准镜子</translation>
    </message>
    <message>
      <source>Please ask a member of staff - they will be glad to help</source>
      <translation>请咨询店员 - 他们很乐意为您服务</translation>
    </message>
    <message>
      <source>This mirror is resting</source>
      <translation>此镜子暂停服务</translation>
    </message>
  </context>
  <context>
    <name>Basket</name>
    <message numerus="yes">
      <source>+%n more</source>
      <translation>
        <numerusform>还有 %n 件</numerusform>
      </translation>
    </message>
    <message>
      <source>Add items from the item screen, then send them to your phone.</source>
      <translation>在商品页加入商品，然后发送到您的手机。</translation>
    </message>
    <message>
      <source>Send to my phone</source>
      <translation>发送到我的手机</translation>
    </message>
    <message>
      <source>Total %1</source>
      <translation>合计 %1</translation>
    </message>
    <message>
      <source>Your basket</source>
      <translation>您的购物袋</translation>
    </message>
    <message>
      <source>Your basket is empty</source>
      <translation>您的购物袋是空的</translation>
    </message>
  </context>
  <context>
    <name>Browse</name>
    <message>
      <source>Browse the collection</source>
      <translation>浏览系列</translation>
    </message>
  </context>
  <context>
    <name>Closed</name>
    <message>
      <source>Please ask a member of staff - they will be glad to help</source>
      <translation>请咨询店员 - 他们很乐意为您服务</translation>
    </message>
    <message>
      <source>This mirror is closed for a moment</source>
      <translation>此镜子暂时关闭</translation>
    </message>
  </context>
  <context>
    <name>Colours</name>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Colourways and accessories are now ordered by this palette.</source>
      <translation>配色和配饰现已按此色盘排序。</translation>
    </message>
    <message>
      <source>Find the colours that suit you</source>
      <translation>找到适合您的颜色</translation>
    </message>
    <message>
      <source>Forget my colours</source>
      <translation>忘记我的色彩</translation>
    </message>
    <message>
      <source>I'd rather pick by hand</source>
      <translation>我想自己选择</translation>
    </message>
    <message>
      <source>Look at each colour beside your reflection and tap the one you prefer.</source>
      <translation>对照镜中的自己看看每种颜色，点选您更喜欢的那一个。</translation>
    </message>
    <message>
      <source>Looking at your colours…</source>
      <translation>正在分析您的色彩…</translation>
    </message>
    <message>
      <source>Not sure yet: which looks better on you?</source>
      <translation>还不确定：哪个更适合您？</translation>
    </message>
    <message>
      <source>Pick by hand instead</source>
      <translation>改为自己选择</translation>
    </message>
    <message>
      <source>Pick the colour you love to wear</source>
      <translation>选择您喜欢穿的颜色</translation>
    </message>
    <message>
      <source>See all swatches</source>
      <translation>查看全部色卡</translation>
    </message>
    <message>
      <source>Show me</source>
      <translation>查看</translation>
    </message>
    <message>
      <source>Stand facing the mirror, about an arm's length away.</source>
      <translation>请面向镜子，保持约一臂的距离。</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>We will suggest colourways and accessories around it.</source>
      <translation>我们将据此推荐配色和配饰。</translation>
    </message>
    <message>
      <source>With your permission, the mirror looks at the colour of your skin, hair and eyes for a few seconds. Nothing is recorded or stored, and it is forgotten as soon as you leave.</source>
      <translation>经您同意，镜子会用几秒钟观察您的肤色、发色和眼睛颜色。不会录制或存储任何内容，您离开后即刻遗忘。</translation>
    </message>
    <message>
      <source>Yes, look at my colours</source>
      <translation>好的，分析我的色彩</translation>
    </message>
    <message>
      <source>Your palette: %1</source>
      <translation>您的色盘：%1</translation>
    </message>
  </context>
  <context>
    <name>Goodbye</name>
    <message>
      <source>Thank you, see you soon</source>
      <translation>谢谢，欢迎再来</translation>
    </message>
    <message numerus="yes">
      <source>This mirror forgets your session within %n seconds.</source>
      <translation>
        <numerusform>本镜子将在 %n 秒内忘记您的本次使用。</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Handoff</name>
    <message>
      <source>Finish on your phone whenever you like.</source>
      <translation>您可以随时在手机上完成。</translation>
    </message>
    <message>
      <source>Nothing was lost: your basket is still here.</source>
      <translation>没有任何丢失：您的购物袋仍在这里。</translation>
    </message>
    <message>
      <source>Opened on your phone - thank you!</source>
      <translation>已在您的手机上打开 - 谢谢！</translation>
    </message>
    <message>
      <source>Opens your basket on your phone, to pay and choose delivery. This code works once, for %1 s.</source>
      <translation>在手机上打开您的购物袋，完成付款并选择配送方式。此二维码仅可使用一次，有效期 %1 秒。</translation>
    </message>
    <message>
      <source>Pay and choose delivery on your phone. Check the address is %1. This code works once, for %2 s.</source>
      <translation>在手机上付款并选择配送方式。请确认网址为 %1。此二维码仅可使用一次，有效期 %2 秒。</translation>
    </message>
    <message>
      <source>Preparing your basket…</source>
      <translation>正在准备您的购物袋…</translation>
    </message>
    <message>
      <source>Scan with your phone camera</source>
      <translation>请用手机相机扫描</translation>
    </message>
    <message>
      <source>Tap 'Send to my phone' in your basket for a new one.</source>
      <translation>在购物袋中点击“发送到我的手机”获取新的二维码。</translation>
    </message>
    <message>
      <source>The code has expired</source>
      <translation>二维码已过期</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>Your phone link could not be made just now</source>
      <translation>暂时无法生成手机链接</translation>
    </message>
  </context>
  <context>
    <name>Hello</name>
    <message>
      <source>Browse the collection</source>
      <translation>浏览系列</translation>
    </message>
    <message>
      <source>Find my colours</source>
      <translation>找到我的色彩</translation>
    </message>
    <message>
      <source>Hello</source>
      <translation>您好</translation>
    </message>
    <message>
      <source>Hold a garment's tag up to the mirror to see its colours, the sizes in stock here and what goes with it.</source>
      <translation>将衣服吊牌对准镜子，即可查看它的颜色、本店有货尺码以及搭配建议。</translation>
    </message>
    <message>
      <source>These buttons change the fitting room's lights:</source>
      <translation>这些按钮可切换试衣间的灯光：</translation>
    </message>
  </context>
  <context>
    <name>Item</name>
    <message>
      <source>%1 is not in stock in this store: please ask at the fitting-room desk.</source>
      <translation>本店 %1 码暂无库存：请到试衣间服务台咨询。</translation>
    </message>
    <message>
      <source>%1 is not on the floor: we will check the stockroom and other stores.</source>
      <translation>%1 码不在店面：我们会查看仓库和其他门店。</translation>
    </message>
    <message>
      <source>Add to basket</source>
      <translation>加入购物袋</translation>
    </message>
    <message>
      <source>Bring me %1</source>
      <translation>请帮我拿 %1 码</translation>
    </message>
    <message>
      <source>Choose a size</source>
      <translation>选择尺码</translation>
    </message>
    <message>
      <source>Colours in this store</source>
      <translation>本店有售颜色</translation>
    </message>
    <message>
      <source>Complete the look</source>
      <translation>完成整体搭配</translation>
    </message>
    <message>
      <source>In stock here</source>
      <translation>本店有货</translation>
    </message>
    <message>
      <source>One colour</source>
      <translation>单一颜色</translation>
    </message>
    <message>
      <source>Only sizes in stock here can go in your basket.</source>
      <translation>只有本店有库存的尺码才能加入购物袋。</translation>
    </message>
    <message>
      <source>Preview of %1</source>
      <translation>%1 效果预览</translation>
    </message>
    <message>
      <source>See it on me</source>
      <translation>看我穿上的样子</translation>
    </message>
    <message>
      <source>Sizes in stock here</source>
      <translation>本店有货尺码</translation>
    </message>
    <message>
      <source>Stand facing the mirror so we can see you</source>
      <translation>请面向镜子站立，以便我们看到您</translation>
    </message>
    <message>
      <source>Stand facing the mirror so we can see your top</source>
      <translation>请面向镜子站立，以便我们看到您的上衣</translation>
    </message>
    <message>
      <source>This colour is sold out here - staff can check other stores</source>
      <translation>此颜色本店已售罄 - 店员可查询其他门店</translation>
    </message>
    <message>
      <source>You have %1</source>
      <translation>您手上是 %1 码</translation>
    </message>
    <message>
      <source>You in %1</source>
      <translation>您穿%1</translation>
    </message>
    <message>
      <source>one size</source>
      <translation>均码</translation>
    </message>
  </context>
  <context>
    <name>Journey</name>
    <message>
      <source>Added to your basket</source>
      <translation>已加入购物袋</translation>
    </message>
    <message>
      <source>At most %1 of one item - staff can help with more</source>
      <translation>每件商品最多 %1 件 - 如需更多请咨询店员</translation>
    </message>
    <message>
      <source>Choose a size first</source>
      <translation>请先选择尺码</translation>
    </message>
    <message>
      <source>Sending to a phone is not available right now.</source>
      <translation>暂时无法发送到手机。</translation>
    </message>
    <message>
      <source>Staff requests are not available right now - please ask at the desk.</source>
      <translation>暂时无法呼叫店员 - 请到服务台咨询。</translation>
    </message>
    <message>
      <source>That tag could not be read - please hold it still and try again.</source>
      <translation>无法读取该吊牌 - 请拿稳后重试。</translation>
    </message>
    <message>
      <source>This item cannot be requested from here - please ask a member of staff.</source>
      <translation>无法在此呼叫此商品 - 请咨询店员。</translation>
    </message>
    <message>
      <source>This item is not in this store's list - please ask a member of staff.</source>
      <translation>本店目录中没有这件商品 - 请咨询店员。</translation>
    </message>
    <message>
      <source>Touch the mirror to start</source>
      <translation>触摸镜子开始</translation>
    </message>
    <message>
      <source>Your basket is empty</source>
      <translation>您的购物袋是空的</translation>
    </message>
    <message>
      <source>Your basket is full (%1 items): send it to your phone first</source>
      <translation>购物袋已满（%1 件）：请先发送到手机</translation>
    </message>
  </context>
  <context>
    <name>Look</name>
    <message>
      <source>Complete the look</source>
      <translation>完成整体搭配</translation>
    </message>
    <message>
      <source>Hold a garment's tag up to the mirror first.</source>
      <translation>请先将衣服吊牌对准镜子。</translation>
    </message>
    <message>
      <source>In stock here, chosen to go with %1</source>
      <translation>本店有货，为「%1」精选搭配</translation>
    </message>
    <message>
      <source>Nothing in stock here goes with it just now.</source>
      <translation>本店暂时没有与之相配的有货商品。</translation>
    </message>
  </context>
  <context>
    <name>Manager</name>
    <message>
      <source>Camera placement: %1</source>
      <translation>摄像头位置：%1</translation>
    </message>
    <message>
      <source>Camera placement: camera off</source>
      <translation>摄像头位置：摄像头已关闭</translation>
    </message>
    <message>
      <source>Exit kiosk</source>
      <translation>退出展示模式</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>锁定</translation>
    </message>
    <message>
      <source>Mirror status</source>
      <translation>镜子状态</translation>
    </message>
    <message>
      <source>No manager PIN is set for this mirror.</source>
      <translation>此镜子未设置管理员密码。</translation>
    </message>
    <message>
      <source>Too many attempts: try again in %1 s</source>
      <translation>尝试次数过多：请 %1 秒后重试</translation>
    </message>
    <message>
      <source>Wrong PIN</source>
      <translation>密码错误</translation>
    </message>
    <message>
      <source>good</source>
      <translation>良好</translation>
    </message>
    <message>
      <source>no one in view</source>
      <translation>画面中无人</translation>
    </message>
  </context>
  <context>
    <name>Names</name>
    <message>
      <source>Fitting room %1</source>
      <translation>%1 号试衣间</translation>
    </message>
    <message>
      <source>One size</source>
      <translation>均码</translation>
    </message>
  </context>
  <context>
    <name>Nav</name>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message numerus="yes">
      <source>Basket (%n)</source>
      <translation>
        <numerusform>购物袋 (%n)</numerusform>
      </translation>
    </message>
    <message>
      <source>My colours</source>
      <translation>我的色彩</translation>
    </message>
  </context>
  <context>
    <name>Pairing</name>
    <message>
      <source>Asking the store for a code…</source>
      <translation>正在向门店请求配对码…</translation>
    </message>
    <message>
      <source>In the back office, open Mirrors, then Add a mirror, and type this code.</source>
      <translation>在后台打开“试衣镜”，点击“添加镜子”，然后输入此配对码。</translation>
    </message>
    <message>
      <source>Pair this mirror</source>
      <translation>配对这面镜子</translation>
    </message>
    <message>
      <source>This mirror: %1</source>
      <translation>本镜子：%1</translation>
    </message>
    <message numerus="yes">
      <source>Waiting for a manager. A new code in %n min.</source>
      <translation>
        <numerusform>等待店长批准。%n 分钟后更换新配对码。</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>Pin</name>
    <message>
      <source>Staff PIN</source>
      <translation>员工密码</translation>
    </message>
    <message>
      <source>Staff app: scan with your phone</source>
      <translation>店员应用：用手机扫码打开</translation>
    </message>
  </context>
  <context>
    <name>Request</name>
    <message>
      <source>%1 brought %2</source>
      <translation>%1 已送来 %2 码</translation>
    </message>
    <message>
      <source>%1 could not find %2</source>
      <translation>%1 没有找到 %2 码</translation>
    </message>
    <message>
      <source>%1 is bringing %2</source>
      <translation>%1 正在为您拿 %2 码</translation>
    </message>
    <message>
      <source>%1, about %2 min</source>
      <translation>%1，约 %2 分钟</translation>
    </message>
    <message>
      <source>A member of staff</source>
      <translation>一位店员</translation>
    </message>
    <message>
      <source>Ask again</source>
      <translation>再次呼叫</translation>
    </message>
    <message>
      <source>Ask for %1 in %2 instead</source>
      <translation>改要 %2 色 %1 码</translation>
    </message>
    <message>
      <source>Ask for %1 instead</source>
      <translation>改要 %1</translation>
    </message>
    <message>
      <source>Asking staff for %1</source>
      <translation>正在请店员拿 %1 码</translation>
    </message>
    <message>
      <source>Asking staff…</source>
      <translation>正在呼叫店员…</translation>
    </message>
    <message>
      <source>Cancel request</source>
      <translation>取消请求</translation>
    </message>
    <message>
      <source>Enjoy trying it on.</source>
      <translation>祝您试穿愉快。</translation>
    </message>
    <message>
      <source>Keep browsing</source>
      <translation>继续浏览</translation>
    </message>
    <message>
      <source>Nearest in stock: size %1 in %2.</source>
      <translation>最接近的有货款式：%2 色 %1 码。</translation>
    </message>
    <message>
      <source>Nearest in stock: size %1.</source>
      <translation>最接近的有货尺码：%1。</translation>
    </message>
    <message>
      <source>No thanks</source>
      <translation>不用了</translation>
    </message>
    <message>
      <source>Nobody could come just now</source>
      <translation>暂时没有店员能过来</translation>
    </message>
    <message>
      <source>Not on the floor: we are checking the stockroom and other stores.</source>
      <translation>不在店面：我们正在查看仓库和其他门店。</translation>
    </message>
    <message>
      <source>Nothing close is in stock here: please ask at the fitting-room desk.</source>
      <translation>本店没有相近的库存：请到试衣间服务台询问。</translation>
    </message>
    <message>
      <source>On the way to %1.</source>
      <translation>正在送往%1。</translation>
    </message>
    <message>
      <source>Please ask at the fitting-room desk.</source>
      <translation>请到试衣间服务台咨询。</translation>
    </message>
    <message>
      <source>Request cancelled</source>
      <translation>请求已取消</translation>
    </message>
    <message>
      <source>Stay here: someone from the team will bring it to %1.</source>
      <translation>请稍候：店员会送到%1。</translation>
    </message>
    <message>
      <source>We have asked again: the team sees it first.</source>
      <translation>已再次呼叫：店员会优先处理。</translation>
    </message>
    <message>
      <source>We have asked the floor lead too.</source>
      <translation>我们也已通知楼层主管。</translation>
    </message>
  </context>
  <context>
    <name>Season</name>
    <message>
      <source>Bright Spring</source>
      <translation>净春型</translation>
    </message>
    <message>
      <source>Bright Winter</source>
      <translation>净冬型</translation>
    </message>
    <message>
      <source>Cool Summer</source>
      <translation>冷夏型</translation>
    </message>
    <message>
      <source>Cool Winter</source>
      <translation>冷冬型</translation>
    </message>
    <message>
      <source>Deep Autumn</source>
      <translation>深秋型</translation>
    </message>
    <message>
      <source>Deep Winter</source>
      <translation>深冬型</translation>
    </message>
    <message>
      <source>Light Spring</source>
      <translation>浅春型</translation>
    </message>
    <message>
      <source>Light Summer</source>
      <translation>浅夏型</translation>
    </message>
    <message>
      <source>Soft Autumn</source>
      <translation>柔秋型</translation>
    </message>
    <message>
      <source>Soft Summer</source>
      <translation>柔夏型</translation>
    </message>
    <message>
      <source>Warm Autumn</source>
      <translation>暖秋型</translation>
    </message>
    <message>
      <source>Warm Spring</source>
      <translation>暖春型</translation>
    </message>
  </context>
</TS>
